// A document's retention state from its retention fields. A retention class without a disposal
// date means kept permanently (retentionForClosedCase gives no date to the permanent sample);
// no class yet (the case is open) counts as active. A legal hold is separate: it suspends the
// disposal of a document that is due, it does not change the state.
import { and, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { documents } from '@/db/documents-schema';
import type { IsoDate } from '@/modules/calendar/finnish-calendar';

export const RETENTION_STATES = ['active', 'due', 'permanent'] as const;
export type RetentionState = (typeof RETENTION_STATES)[number];

export function retentionState(
  document: { retentionClass: string | null; disposalDate: string | null },
  today: IsoDate,
): RetentionState {
  if (document.retentionClass !== null && document.disposalDate === null) return 'permanent';
  if (document.disposalDate !== null && document.disposalDate <= today) return 'due';
  return 'active';
}

/** The same rule as a SQL condition on `documents`. */
export function retentionStateCondition(state: RetentionState, today: IsoDate): SQL {
  switch (state) {
    case 'permanent':
      return and(isNotNull(documents.retentionClass), isNull(documents.disposalDate))!;
    case 'due':
      return lte(documents.disposalDate, today);
    case 'active':
      return or(
        and(isNull(documents.retentionClass), isNull(documents.disposalDate)),
        sql`${documents.disposalDate} > ${today}`,
      )!;
  }
}
