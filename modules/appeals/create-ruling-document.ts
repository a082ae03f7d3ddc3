// The signed ruling on a request for reconsideration (job `appeal.create-ruling-document`):
// either a new decision (accepted, partly accepted) or the original decision stands (dismissed,
// not examined), with the reasons and the instructions for appealing to the administrative
// court, in the client's language. One document per ruling, however often the job runs.
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { SigningCredentials } from '@/modules/documents/pdf';
import { fill, formatDate, messages } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';
import { loadLetterContext } from '@/modules/letters/letter-context';
import { stableUuid, storeSignedLetter } from '@/modules/letters/store-signed-letter';

export const APPEAL_OUTCOMES = [
  'accepted',
  'partly_accepted',
  'dismissed',
  'not_examined',
] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** Outcomes that replace the original decision with a new one. */
export function givesNewDecision(outcome: AppealOutcome): boolean {
  return outcome === 'accepted' || outcome === 'partly_accepted';
}

export const RulingInput = z
  .object({
    caseId: z.uuid(),
    /** Stable per ruling (process instance and element). */
    rulingKey: z.string().min(1),
    appealOutcome: z.enum(APPEAL_OUTCOMES),
    rulingReasons: z.string().trim().min(1).max(8000),
    /** What is decided instead; required when the ruling gives a new decision. */
    newDecision: z.string().trim().max(8000).nullish(),
    appealReceivedOn: z.iso.date().nullish(),
    appealLate: z.boolean().nullish(),
    /** The last day of the period; stated in the ruling when the request was late. */
    appealDeadline: z.iso.date().nullish(),
    ruledBy: z.string().min(1).optional(),
  })
  .refine((v) => !givesNewDecision(v.appealOutcome) || Boolean(v.newDecision), {
    message: 'a ruling that accepts the request needs the new decision (newDecision)',
  });
export type RulingInput = z.input<typeof RulingInput>;

/**
 * The administrative court named in the appeal instructions: configuration per language
 * (`ADMINISTRATIVE_COURT_FI`, `_SV`, `_EN`), by default the generic words.
 */
function courtName(locale: Locale): string {
  const configured = process.env[`ADMINISTRATIVE_COURT_${locale.toUpperCase()}`]?.trim();
  return configured || messages(locale).letters.ruling.court;
}

/** Wording that a ruling made without a person's examination replaces (late dismissal). */
export interface RulingWording {
  /** Replaces the general legal basis of rulings. */
  legalBasis?: (locale: Locale) => string;
}

/** The lateness as the ruling states it: with the deadline when examined nevertheless. */
function latenessParagraph(input: z.output<typeof RulingInput>, locale: Locale): string {
  if (input.appealDeadline && input.appealOutcome !== 'not_examined')
    return fill(messages(locale).appeals.lateExamined, {
      deadline: formatDate(input.appealDeadline, locale),
    });
  return messages(locale).letters.ruling.late;
}

export async function createRulingDocument(
  db: Database,
  raw: RulingInput,
  signing: SigningCredentials,
  date: Date = new Date(),
  wording: RulingWording = {},
): Promise<{ documentId: string; created: boolean; newDecision: boolean }> {
  const input = RulingInput.parse(raw);
  const context = await loadLetterContext(db, input.caseId);
  const texts = messages(context.locale).letters.ruling;
  const paragraphs: string[] = [];
  if (input.appealReceivedOn)
    paragraphs.push(
      fill(texts.received, { date: formatDate(input.appealReceivedOn, context.locale) }),
    );
  if (input.appealLate) paragraphs.push(latenessParagraph(input, context.locale));
  const sections = [{ heading: texts.outcomeHeading, paragraphs: [texts[input.appealOutcome]] }];
  const newDecision = givesNewDecision(input.appealOutcome);
  if (newDecision)
    sections.push({ heading: texts.newDecisionHeading, paragraphs: [input.newDecision!] });
  sections.push({ heading: texts.reasonsHeading, paragraphs: [input.rulingReasons] });
  sections.push({
    heading: texts.legalBasisHeading,
    paragraphs: [wording.legalBasis?.(context.locale) ?? texts.legalBasis],
  });

  const result = await storeSignedLetter(
    db,
    {
      documentId: stableUuid('appeal-ruling', input.rulingKey),
      context,
      type: 'appeal',
      title: texts.title,
      letter: {
        title: texts.title,
        documentKind: texts.kind,
        date,
        paragraphs,
        sections,
        appendices: [
          {
            heading: texts.appealHeading,
            paragraphs: [
              fill(texts.appealText, { court: courtName(context.locale) }),
              texts.appealContents,
            ],
          },
        ],
        signatory: { name: input.ruledBy ?? '—' },
      },
      actorName: 'appeal.create-ruling-document',
      purpose: 'ruling on a request for reconsideration generated and signed',
      details: { appealOutcome: input.appealOutcome },
    },
    signing,
  );
  return { ...result, newDecision };
}
