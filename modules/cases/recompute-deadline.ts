// After a request for additional information (job `case.recompute-deadline`): the decision is
// due 7 working days after the reply arrived, or after the reply deadline if nothing came.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cases } from '@/db/schema';
import { decisionDeadline } from '@/modules/calendar/deadlines';
import type { IsoDate } from '@/modules/calendar/finnish-calendar';
import { helsinkiDateTime } from '@/modules/calendar/helsinki-time';

export interface RecomputedDeadline {
  decisionDueOn: IsoDate;
  decisionDueAt: string;
  informationReceived: boolean;
}

export async function recomputeDeadline(
  db: Database,
  input: { caseId: string; informationReceivedOn?: IsoDate | null; replyDueOn: IsoDate },
): Promise<RecomputedDeadline> {
  const from = input.informationReceivedOn ?? input.replyDueOn;
  const [row] = await db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!row) throw new Error(`case ${input.caseId} does not exist`);
  const decisionDueOn = decisionDeadline(from, { urgent: row.urgent });
  await db
    .update(cases)
    .set({ decisionDueOn, status: 'in_processing' })
    .where(eq(cases.id, input.caseId));
  return {
    decisionDueOn,
    decisionDueAt: helsinkiDateTime(decisionDueOn, '16:00'),
    informationReceived: Boolean(input.informationReceivedOn),
  };
}
