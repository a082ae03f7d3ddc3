// Legal-basis templates the person drafting a decision chooses from (sovelletut oikeusohjeet).
// VERIFY with the organisation's lawyers: production organisers keep their own templates.
import type { Locale } from '@/modules/i18n/locales';

export const LEGAL_BASIS_TEMPLATES = [
  'supplementary',
  'supplementary_housing',
  'preventive',
  'income_exceeds',
] as const;
export type LegalBasisTemplate = (typeof LEGAL_BASIS_TEMPLATES)[number];

export const DEFAULT_LEGAL_BASIS: LegalBasisTemplate = 'supplementary';

export const LEGAL_BASIS_TEXTS: Record<
  LegalBasisTemplate,
  Record<Locale, { name: string; text: string }>
> = {
  supplementary: {
    fi: {
      name: 'Täydentävä toimeentulotuki',
      text: 'Laki toimeentulotuesta (1412/1997) 1, 7 c ja 14 a §; hallintolaki (434/2003) 44–45 §.',
    },
    sv: {
      name: 'Kompletterande utkomststöd',
      text: 'Lagen om utkomststöd (1412/1997) 1, 7 c och 14 a §; förvaltningslagen (434/2003) 44–45 §.',
    },
    en: {
      name: 'Supplementary income support',
      text: 'Act on Social Assistance (1412/1997) sections 1, 7 c and 14 a; Administrative Procedure Act (434/2003) sections 44–45.',
    },
  },
  supplementary_housing: {
    fi: {
      name: 'Täydentävä tuki, erityiset asumismenot',
      text: 'Laki toimeentulotuesta (1412/1997) 1, 7 b, 7 c ja 14 a §; hallintolaki (434/2003) 44–45 §.',
    },
    sv: {
      name: 'Kompletterande stöd, särskilda boendeutgifter',
      text: 'Lagen om utkomststöd (1412/1997) 1, 7 b, 7 c och 14 a §; förvaltningslagen (434/2003) 44–45 §.',
    },
    en: {
      name: 'Supplementary support, special housing costs',
      text: 'Act on Social Assistance (1412/1997) sections 1, 7 b, 7 c and 14 a; Administrative Procedure Act (434/2003) sections 44–45.',
    },
  },
  preventive: {
    fi: {
      name: 'Ehkäisevä toimeentulotuki',
      text: 'Laki toimeentulotuesta (1412/1997) 1, 13 ja 14 a §; hallintolaki (434/2003) 44–45 §.',
    },
    sv: {
      name: 'Förebyggande utkomststöd',
      text: 'Lagen om utkomststöd (1412/1997) 1, 13 och 14 a §; förvaltningslagen (434/2003) 44–45 §.',
    },
    en: {
      name: 'Preventive income support',
      text: 'Act on Social Assistance (1412/1997) sections 1, 13 and 14 a; Administrative Procedure Act (434/2003) sections 44–45.',
    },
  },
  income_exceeds: {
    fi: {
      name: 'Hylkäys: tulot ylittävät menot',
      text: 'Laki toimeentulotuesta (1412/1997) 1, 6, 7 c, 11 ja 14 a §; hallintolaki (434/2003) 44–45 §.',
    },
    sv: {
      name: 'Avslag: inkomsterna överstiger utgifterna',
      text: 'Lagen om utkomststöd (1412/1997) 1, 6, 7 c, 11 och 14 a §; förvaltningslagen (434/2003) 44–45 §.',
    },
    en: {
      name: 'Rejection: income exceeds expenses',
      text: 'Act on Social Assistance (1412/1997) sections 1, 6, 7 c, 11 and 14 a; Administrative Procedure Act (434/2003) sections 44–45.',
    },
  },
};
