// Decision texts in the three languages. VERIFY with the organisation's lawyers: the legal
// basis and the appeal instructions are the organiser's own templates in production.
import { formatMoney } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';

export type DecisionOutcome = 'granted' | 'partly_granted' | 'rejected';

export const DECISION_TEXTS: Record<
  Locale,
  {
    title: string;
    /** Shown above the date in the letterhead. */
    kind: string;
    /** Shown above the title of an unsigned preview. */
    draftMarker: string;
    outcome: Record<DecisionOutcome, string>;
    amount: (cents: number) => string;
    calculationHeading: string;
    reasonsHeading: string;
    legalBasisHeading: string;
    legalBasis: string;
    lineLabels: Record<string, string>;
    appealHeading: string;
    appeal: (deadlineNote: string) => string[];
  }
> = {
  fi: {
    title: 'Päätös täydentävästä toimeentulotuesta',
    kind: 'PÄÄTÖS',
    draftMarker: 'PÄÄTÖSLUONNOS',
    outcome: {
      granted: 'Täydentävää toimeentulotukea myönnetään.',
      partly_granted: 'Täydentävää toimeentulotukea myönnetään osittain.',
      rejected: 'Hakemus hylätään.',
    },
    amount: (c) => `Tuki kuukaudelle: ${formatMoney(c, 'fi')}.`,
    calculationHeading: 'Laskelma',
    reasonsHeading: 'Perustelut',
    legalBasisHeading: 'Sovelletut oikeusohjeet',
    legalBasis:
      'Laki toimeentulotuesta (1412/1997) 1, 7 c ja 14 a §; hallintolaki (434/2003) 44–45 §.',
    lineLabels: {
      basic_amount: 'Perusosa',
      housing: 'Asumismenot',
      other_expense: 'Muu meno',
      income: 'Tulo',
      deduction: 'Ansiotulovähennys',
    },
    appealHeading: 'Oikaisuvaatimusohje',
    appeal: (note) => [
      'Tähän päätökseen tyytymätön voi hakea siihen oikaisua. Oikaisuvaatimus tehdään kirjallisesti 30 päivän kuluessa päätöksen tiedoksisaannista päätöksen tehneen viranomaisen toimielimelle.',
      'Oikaisuvaatimuksessa on ilmoitettava vaatijan nimi ja yhteystiedot, päätös, johon haetaan oikaisua, millaista oikaisua vaaditaan ja millä perusteilla.',
      note,
    ],
  },
  sv: {
    title: 'Beslut om kompletterande utkomststöd',
    kind: 'BESLUT',
    draftMarker: 'BESLUTSUTKAST',
    outcome: {
      granted: 'Kompletterande utkomststöd beviljas.',
      partly_granted: 'Kompletterande utkomststöd beviljas delvis.',
      rejected: 'Ansökan avslås.',
    },
    amount: (c) => `Stöd för månaden: ${formatMoney(c, 'sv')}.`,
    calculationHeading: 'Kalkyl',
    reasonsHeading: 'Motivering',
    legalBasisHeading: 'Tillämpade rättsregler',
    legalBasis:
      'Lagen om utkomststöd (1412/1997) 1, 7 c och 14 a §; förvaltningslagen (434/2003) 44–45 §.',
    lineLabels: {
      basic_amount: 'Grunddel',
      housing: 'Boendeutgifter',
      other_expense: 'Annan utgift',
      income: 'Inkomst',
      deduction: 'Avdrag för förvärvsinkomst',
    },
    appealHeading: 'Anvisning för begäran om omprövning',
    appeal: (note) => [
      'Den som är missnöjd med beslutet kan begära omprövning. Begäran görs skriftligt inom 30 dagar från delfåendet till organet för den myndighet som fattat beslutet.',
      'I begäran ska anges namn och kontaktuppgifter, vilket beslut som avses, vilken omprövning som begärs och på vilka grunder.',
      note,
    ],
  },
  en: {
    title: 'Decision on supplementary income support',
    kind: 'DECISION',
    draftMarker: 'DRAFT DECISION',
    outcome: {
      granted: 'Supplementary income support is granted.',
      partly_granted: 'Supplementary income support is partly granted.',
      rejected: 'The application is rejected.',
    },
    amount: (c) => `Support for the month: ${formatMoney(c, 'en')}.`,
    calculationHeading: 'Calculation',
    reasonsHeading: 'Reasons',
    legalBasisHeading: 'Legal basis',
    legalBasis:
      'Act on Social Assistance (1412/1997) sections 1, 7 c and 14 a; Administrative Procedure Act (434/2003) sections 44–45.',
    lineLabels: {
      basic_amount: 'Basic amount',
      housing: 'Housing costs',
      other_expense: 'Other expense',
      income: 'Income',
      deduction: 'Earned-income deduction',
    },
    appealHeading: 'Instructions for requesting reconsideration',
    appeal: (note) => [
      'If you are dissatisfied with this decision you may request reconsideration in writing within 30 days of being notified of it, addressed to the board of the authority that made the decision.',
      'State your name and contact details, the decision concerned, the change you request and your grounds.',
      note,
    ],
  },
};
