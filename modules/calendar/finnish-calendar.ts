// Finnish public holidays, working days and the statutory period-counting rules (DOMAIN.md).
// Dates are plain calendar dates as ISO strings (YYYY-MM-DD): no time zones involved.

export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: IsoDate): Date {
  const m = ISO.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== date) throw new Error(`not a calendar date: ${date}`);
  return d;
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return toUtc(date).getUTCDay();
}

/** Easter Sunday (Gregorian computus, the anonymous algorithm). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date in [from, to] (same month) that falls on the given weekday. */
function weekdayBetween(
  year: number,
  month: number,
  fromDay: number,
  toDay: number,
  wanted: number,
): IsoDate {
  for (let day = fromDay; day <= toDay; day++) {
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (weekday(date) === wanted) return date;
  }
  throw new Error('unreachable: every 7-day window has each weekday');
}

function allSaintsDay(year: number): IsoDate {
  // The Saturday from 31 October to 6 November.
  const oct31 = `${year}-10-31`;
  if (weekday(oct31) === 6) return oct31;
  return weekdayBetween(year, 11, 1, 6, 6);
}

export type HolidayName =
  | 'new_year'
  | 'epiphany'
  | 'good_friday'
  | 'easter_sunday'
  | 'easter_monday'
  | 'may_day'
  | 'ascension_day'
  | 'whit_sunday'
  | 'midsummer_eve'
  | 'midsummer_day'
  | 'all_saints_day'
  | 'independence_day'
  | 'christmas_eve'
  | 'christmas_day'
  | 'st_stephens_day';

/**
 * Public holidays and the eves that the period-counting act treats like them (Midsummer Eve,
 * Christmas Eve). Easter Sunday, Whit Sunday and the Saturdays are included for display; they
 * are not working days anyway.
 */
export function finnishHolidays(year: number): Map<IsoDate, HolidayName> {
  const easter = easterSunday(year);
  const entries: [IsoDate, HolidayName][] = [
    [`${year}-01-01`, 'new_year'],
    [`${year}-01-06`, 'epiphany'],
    [addDays(easter, -2), 'good_friday'],
    [easter, 'easter_sunday'],
    [addDays(easter, 1), 'easter_monday'],
    [`${year}-05-01`, 'may_day'],
    [addDays(easter, 39), 'ascension_day'],
    [addDays(easter, 49), 'whit_sunday'],
    [weekdayBetween(year, 6, 19, 25, 5), 'midsummer_eve'],
    [weekdayBetween(year, 6, 20, 26, 6), 'midsummer_day'],
    [allSaintsDay(year), 'all_saints_day'],
    [`${year}-12-06`, 'independence_day'],
    [`${year}-12-24`, 'christmas_eve'],
    [`${year}-12-25`, 'christmas_day'],
    [`${year}-12-26`, 'st_stephens_day'],
  ];
  return new Map(entries);
}

const holidayCache = new Map<number, Map<IsoDate, HolidayName>>();

export function holidayOn(date: IsoDate): HolidayName | null {
  const year = Number(date.slice(0, 4));
  let holidays = holidayCache.get(year);
  if (!holidays) {
    holidays = finnishHolidays(year);
    holidayCache.set(year, holidays);
  }
  return holidays.get(date) ?? null;
}

/** Arkipäivä: Monday to Friday, not a public holiday, Midsummer Eve or Christmas Eve. */
export function isWorkingDay(date: IsoDate): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && holidayOn(date) === null;
}

/** The n-th working day after `date` (the starting day is not counted); n = 0 gives `date` itself. */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`working days must be a non-negative integer, got ${n}`);
  let current = date;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) left -= 1;
  }
  return current;
}

/** Working days from `from` (not counted) to `to` (counted); negative when `to` is earlier. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  if (to < from) return -workingDaysBetween(to, from);
  let count = 0;
  for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) {
    if (isWorkingDay(current)) count += 1;
  }
  return count;
}

/**
 * A period's last day moves to the next working day when it falls on a Saturday, Sunday, public
 * holiday, Independence Day, May Day, Christmas Eve or Midsummer Eve (laki säädettyjen
 * määräaikain laskemisesta 150/1930, 5 §).
 */
export function periodEnd(lastDay: IsoDate): IsoDate {
  let current = lastDay;
  while (!isWorkingDay(current)) current = addDays(current, 1);
  return current;
}
