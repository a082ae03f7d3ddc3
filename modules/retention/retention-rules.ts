// Retention of client records (DOMAIN.md, the National Archives' table for law 703/2023) and
// the permanent-archiving sample. VERIFY: the sample days are configuration (default 8, 18,
// 28 — older guidance); the archivist sees them in the archive view.
import { addDays, type IsoDate } from '@/modules/calendar/finnish-calendar';

export type RetentionClass =
  | 'client_relationship' // 2 years after the client's death
  | 'working_age_adult_services' // income support: 10 years after the case closes
  | 'older_people_substance_abuse' // 10 years after the case closes
  | 'families_with_children' // 30 years after the case closes
  | 'vouchers' // 3 years
  | 'fee_decisions_income_statements'; // 12 years (start point: verify)

export const RETENTION_YEARS: Record<Exclude<RetentionClass, 'client_relationship'>, number> = {
  working_age_adult_services: 10,
  older_people_substance_abuse: 10,
  families_with_children: 30,
  vouchers: 3,
  fee_decisions_income_statements: 12,
};

export function sampleDays(): number[] {
  const raw = process.env.ARCHIVE_SAMPLE_DAYS ?? '8,18,28';
  const days = raw
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 31);
  return days.length ? days : [8, 18, 28];
}

function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 29 February moves to 28 February in a common year.
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1)
    return addDays(`${y + years}-${String(m).padStart(2, '0')}-01`, -1 + 28);
  return target.toISOString().slice(0, 10);
}

export interface RetentionDecision {
  retentionClass: RetentionClass;
  /** Kept permanently: the National Archives' sample (clients born on the sample days). */
  permanent: boolean;
  /** The first day the records may be disposed of; null when permanent. */
  disposalOn: IsoDate | null;
}

/** Income support records when a case closes. */
export function retentionForClosedCase(
  closedOn: IsoDate,
  clientBirthDate: IsoDate,
): RetentionDecision {
  const birthDay = Number(clientBirthDate.slice(8, 10));
  const permanent = sampleDays().includes(birthDay);
  const retentionClass: RetentionClass = 'working_age_adult_services';
  return {
    retentionClass,
    permanent,
    // The period runs from the end of the closing day: disposal is possible the day after.
    disposalOn: permanent ? null : addDays(addYears(closedOn, RETENTION_YEARS[retentionClass]), 1),
  };
}
