// The client's side of a request for additional information: the reply window, and the reply
// that resumes the case (message `additional-information-received`, correlated by case id).
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cases } from '@/db/schema';
import type { Engine } from '@/engine';
import { replyDeadline } from '@/modules/calendar/deadlines';
import { addDays, type IsoDate } from '@/modules/calendar/finnish-calendar';
import { helsinkiDateTime, helsinkiToday } from '@/modules/calendar/helsinki-time';

export const DEFAULT_REPLY_DAYS = 7;

/** The reply deadline (moved past weekends and holidays) and when the window closes. */
export function replyWindow(sentOn: IsoDate, replyDays = DEFAULT_REPLY_DAYS) {
  if (!Number.isInteger(replyDays) || replyDays < 1 || replyDays > 60) {
    throw new Error(`reply time must be 1–60 days, got ${replyDays}`);
  }
  const replyDueOn = replyDeadline(sentOn, replyDays);
  return { replyDueOn, replyWindowEndsAt: helsinkiDateTime(addDays(replyDueOn, 1), '00:00') };
}

/**
 * Records that the client's reply arrived (e-service or registered paper) and resumes the case.
 * The message id makes a repeated submission harmless; the TTL keeps a reply that arrives a
 * moment before the process waits for it.
 */
export async function recordInformationReply(
  db: Database,
  engine: Engine,
  input: { caseId: string; receivedOn?: IsoDate; replyId: string },
): Promise<{ accepted: boolean }> {
  const [row] = await db.select({ id: cases.id }).from(cases).where(eq(cases.id, input.caseId));
  if (!row) throw new Error(`case ${input.caseId} does not exist`);
  const result = await engine.publishMessage({
    name: 'additional-information-received',
    correlationKey: input.caseId,
    messageId: `reply:${input.replyId}`,
    timeToLiveMs: 24 * 3600_000,
    variables: { informationReceivedOn: input.receivedOn ?? helsinkiToday() },
  });
  return { accepted: result.accepted };
}
