// When a disposal that could not finish now is looked at again. The date always moves forward,
// so a loop back to the disposal timer never fires at once.
import { addDays, type IsoDate } from '@/modules/calendar/finnish-calendar';
import { helsinkiDateTime, helsinkiToday } from '@/modules/calendar/helsinki-time';

/** Days until records on hold or excluded are listed again (ARCHIVE_RECHECK_DAYS, default 90). */
export function recheckDays(): number {
  const days = Number(process.env.ARCHIVE_RECHECK_DAYS ?? 90);
  return Number.isInteger(days) && days >= 1 && days <= 3650 ? days : 90;
}

/**
 * The next disposal date-time: the requested day if it is after today, else today plus the
 * recheck period; never on or before the current disposal date.
 */
export function nextDisposalAt(
  current: string | null,
  now: Date,
  requested?: IsoDate | null,
): { disposalOn: IsoDate; disposalAt: string } {
  const today = helsinkiToday(now);
  let next = requested && requested > today ? requested : addDays(today, recheckDays());
  const currentDay = current ? helsinkiToday(new Date(current)) : null;
  if (currentDay && next <= currentDay) next = addDays(currentDay, 1);
  return { disposalOn: next, disposalAt: helsinkiDateTime(next, '00:00') };
}
