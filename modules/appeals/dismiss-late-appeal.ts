// The ruling on a late request for reconsideration under APPEAL_LATE_POLICY=dismiss (job
// `appeal.dismiss-late`): not examined, the original decision stands, with the deadline and the
// day the request arrived as the reasons. No person prepares it: it is an automated decision
// (hallintolaki 53 e §: VERIFY that the organiser's rules allow it before choosing `dismiss`).
// Signed and notified like any ruling; one document per ruling, however often the job runs.
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { SigningCredentials } from '@/modules/documents/pdf';
import { fill, formatDate, messages } from '@/modules/i18n';
import { loadLetterContext } from '@/modules/letters/letter-context';
import { createRulingDocument } from './create-ruling-document';

export const LateDismissalInput = z
  .object({
    caseId: z.uuid(),
    /** Stable per ruling (process instance and element). */
    rulingKey: z.string().min(1),
    appealReceivedOn: z.iso.date(),
    appealDeadline: z.iso.date(),
  })
  .refine((v) => v.appealReceivedOn > v.appealDeadline, {
    message: 'the request arrived within the period: it must be examined',
  });
export type LateDismissalInput = z.input<typeof LateDismissalInput>;

export async function dismissLateAppeal(
  db: Database,
  raw: LateDismissalInput,
  signing: SigningCredentials,
  date: Date = new Date(),
): Promise<{ documentId: string; created: boolean }> {
  const input = LateDismissalInput.parse(raw);
  const { locale } = await loadLetterContext(db, input.caseId);
  const texts = messages(locale).appeals.lateDismissal;
  const result = await createRulingDocument(
    db,
    {
      caseId: input.caseId,
      rulingKey: input.rulingKey,
      appealOutcome: 'not_examined',
      rulingReasons: fill(texts.reasons, {
        deadline: formatDate(input.appealDeadline, locale),
        received: formatDate(input.appealReceivedOn, locale),
      }),
      appealReceivedOn: input.appealReceivedOn,
      appealDeadline: input.appealDeadline,
      appealLate: true,
      ruledBy: texts.signatory,
    },
    signing,
    date,
    { legalBasis: (l) => messages(l).appeals.lateDismissal.legalBasis },
  );
  return { documentId: result.documentId, created: result.created };
}
