// Converts a Finnish calendar date and wall-clock time to an instant (timers, task due dates).
import type { IsoDate } from './finnish-calendar';

const ZONE = 'Europe/Helsinki';

function offsetMinutes(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** The instant when it is `time` (HH:MM) on `date` in Helsinki, as an ISO string with offset. */
export function helsinkiDateTime(date: IsoDate, time = '00:00'): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const guess = new Date(`${date}T${time}:00Z`);
  // Two passes settle the offset even on the days when daylight saving time changes.
  let offset = offsetMinutes(new Date(guess.getTime() - offsetMinutes(guess) * 60_000));
  offset = offsetMinutes(new Date(guess.getTime() - offset * 60_000));
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(hours)}:${pad(minutes)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Today's date in Helsinki. */
export function helsinkiToday(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE }).format(now);
}
