// How much time is left to a case's statutory decision deadline, in working days (arkipäivät).
import { workingDaysBetween, type IsoDate } from '@/modules/calendar/finnish-calendar';
import { ESCALATION_WORKING_DAYS_BEFORE } from '@/modules/cases/register-application';

export type DeadlineStatus =
  | { kind: 'none' }
  /** More than the escalation margin left. */
  | { kind: 'plenty'; workingDays: number }
  /** Within the margin at which team leads are alerted (deadline watch), or due today. */
  | { kind: 'near'; workingDays: number }
  /** The deadline day has passed; `workingDays` is how many working days ago. */
  | { kind: 'overdue'; workingDays: number };

export function deadlineStatus(dueOn: IsoDate | null, today: IsoDate): DeadlineStatus {
  if (!dueOn) return { kind: 'none' };
  if (dueOn < today) return { kind: 'overdue', workingDays: workingDaysBetween(dueOn, today) };
  const left = workingDaysBetween(today, dueOn);
  return left <= ESCALATION_WORKING_DAYS_BEFORE
    ? { kind: 'near', workingDays: left }
    : { kind: 'plenty', workingDays: left };
}
