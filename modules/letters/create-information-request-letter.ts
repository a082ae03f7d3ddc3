// The signed request for additional information (job `information-request.create-letter`):
// the items picked by the caseworker, their free text and the reply deadline, in the client's
// language. One document per request, whatever how often the job runs.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { cases } from '@/db/schema';
import { replyWindow } from '@/modules/cases/information-request';
import type { IsoDate } from '@/modules/calendar/finnish-calendar';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { renderLetter, type SigningCredentials } from '@/modules/documents/pdf';
import { fill, formatDate, messages } from '@/modules/i18n';
import { MISSING_ITEMS } from './missing-items';
import { loadLetterContext, type LetterContext } from './letter-context';
import { stableUuid, storeSignedLetter } from './store-signed-letter';

export { MISSING_ITEMS };

export const InformationRequestInput = z
  .object({
    caseId: z.uuid(),
    /** Stable per request (process instance and element): the same key, the same document. */
    requestKey: z.string().min(1),
    missingItems: z.array(z.enum(MISSING_ITEMS)).min(1),
    missingItemsText: z.string().trim().max(2000).nullish(),
    replyDays: z.number().int().min(1).max(60),
    sentOn: z.iso.date(),
    signatoryName: z.string().min(1).optional(),
  })
  .refine((v) => !v.missingItems.includes('other') || Boolean(v.missingItemsText), {
    message: 'the item "other" needs a description in missingItemsText',
  });
export type InformationRequestInput = z.input<typeof InformationRequestInput>;

export interface InformationRequestLetter {
  documentId: string;
  created: boolean;
  replyDueOn: IsoDate;
  replyWindowEndsAt: string;
}

/** The letter's body for a request, in the client's language (shared by the letter and its preview). */
function requestLetterBody(
  locale: LetterContext['locale'],
  input: Pick<InformationRequestInput, 'missingItems' | 'missingItemsText'>,
  replyDueOn: IsoDate,
) {
  const texts = messages(locale).letters.informationRequest;
  const items = [...new Set(input.missingItems)].map((item) => `– ${texts.items[item]}`);
  const sections = [{ heading: texts.itemsHeading, paragraphs: [items.join('\n')] }];
  if (input.missingItemsText)
    sections.push({ heading: texts.detailsHeading, paragraphs: [input.missingItemsText] });
  sections.push({
    heading: texts.deadlineHeading,
    paragraphs: [
      fill(texts.deadline, { date: formatDate(replyDueOn, locale) }),
      texts.howToReply,
      texts.noReply,
    ],
  });
  sections.push({ heading: texts.legalBasisHeading, paragraphs: [texts.legalBasis] });
  return { texts, sections };
}

export async function createInformationRequestLetter(
  db: Database,
  raw: InformationRequestInput,
  signing: SigningCredentials,
  date: Date = new Date(),
): Promise<InformationRequestLetter> {
  const input = InformationRequestInput.parse(raw);
  const documentId = stableUuid('information-request', input.requestKey);
  // A repeated job keeps the first run's date, so the letter and the reply window agree.
  const [existing] = await db
    .select({ createdAt: documents.createdAt })
    .from(documents)
    .where(eq(documents.id, documentId));
  const sentOn = existing ? helsinkiToday(existing.createdAt) : (input.sentOn as IsoDate);
  const window = replyWindow(sentOn, input.replyDays);
  const context = await loadLetterContext(db, input.caseId);
  const { texts, sections } = requestLetterBody(context.locale, input, window.replyDueOn);

  const result = await storeSignedLetter(
    db,
    {
      documentId,
      context,
      type: 'information_request',
      title: texts.title,
      letter: {
        title: texts.title,
        documentKind: texts.kind,
        date,
        paragraphs: [texts.intro],
        sections,
        signatory: input.signatoryName ? { name: input.signatoryName } : undefined,
      },
      actorName: 'information-request.create-letter',
      purpose: 'request for additional information generated and signed',
      details: { missingItems: input.missingItems, replyDueOn: window.replyDueOn },
    },
    signing,
  );
  await db.update(cases).set({ status: 'information_requested' }).where(eq(cases.id, input.caseId));
  return { ...result, ...window };
}

/**
 * The letter as it would go out if sent today, unsigned and not stored: what the caseworker
 * previews before completing the request. Same validation as the real letter.
 */
export async function renderInformationRequestPreview(
  db: Database,
  raw: Omit<InformationRequestInput, 'requestKey'>,
  date: Date = new Date(),
): Promise<Uint8Array> {
  const input = InformationRequestInput.parse({ ...raw, requestKey: 'preview' });
  const window = replyWindow(input.sentOn as IsoDate, input.replyDays);
  const context = await loadLetterContext(db, input.caseId);
  const { texts, sections } = requestLetterBody(context.locale, input, window.replyDueOn);
  return renderLetter({
    organisation: context.organisation,
    locale: context.locale,
    recipient: context.recipient,
    caseNumber: context.caseRow.caseNumber ?? undefined,
    title: texts.title,
    documentKind: messages(context.locale).taskForms.previewMarker,
    date,
    paragraphs: [texts.intro],
    sections,
    signatory: input.signatoryName ? { name: input.signatoryName } : undefined,
  });
}
