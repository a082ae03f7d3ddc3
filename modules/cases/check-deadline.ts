// The deadline watch (job `case.check-deadline`): alerts the unit's team leads when the
// statutory decision deadline is 2 working days away or has passed. Reads the case's current
// deadline, so a deadline recomputed after additional information is watched correctly.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { alerts, cases } from '@/db/schema';
import { workingDaysBetween } from '@/modules/calendar/finnish-calendar';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { ESCALATION_WORKING_DAYS_BEFORE } from './register-application';

export type DeadlineCheck = 'not_due' | 'deadline_near' | 'deadline_passed' | 'not_open';

const OPEN = ['received', 'in_processing', 'information_requested'];

export async function checkDeadline(
  db: Database,
  caseId: string,
  now: Date = new Date(),
): Promise<DeadlineCheck> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new Error(`case ${caseId} does not exist`);
  if (!OPEN.includes(row.status) || !row.decisionDueOn || !row.unitId) return 'not_open';
  const today = helsinkiToday(now);
  const kind: DeadlineCheck =
    today > row.decisionDueOn
      ? 'deadline_passed'
      : workingDaysBetween(today, row.decisionDueOn) <= ESCALATION_WORKING_DAYS_BEFORE
        ? 'deadline_near'
        : 'not_due';
  if (kind === 'deadline_near' || kind === 'deadline_passed') {
    // Once per case, kind and deadline: a repeated job or the next cycle adds nothing.
    await db
      .insert(alerts)
      .values({ caseId, unitId: row.unitId, kind, decisionDueOn: row.decisionDueOn })
      .onConflictDoNothing({ target: [alerts.caseId, alerts.kind, alerts.decisionDueOn] });
  }
  return kind;
}
