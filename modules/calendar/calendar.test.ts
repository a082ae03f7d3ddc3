import { describe, expect, it } from 'vitest';
import {
  appealDeadline,
  decisionDeadline,
  deemedNotificationDate,
  replyDeadline,
} from './deadlines';
import {
  addWorkingDays,
  easterSunday,
  finnishHolidays,
  isWorkingDay,
  periodEnd,
  workingDaysBetween,
} from './finnish-calendar';

describe('Finnish holidays', () => {
  it.each([
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('lists the 2026 holidays with the moving ones in place', () => {
    const h = finnishHolidays(2026);
    expect(h.get('2026-04-03')).toBe('good_friday');
    expect(h.get('2026-04-06')).toBe('easter_monday');
    expect(h.get('2026-05-14')).toBe('ascension_day');
    expect(h.get('2026-05-24')).toBe('whit_sunday');
    expect(h.get('2026-06-19')).toBe('midsummer_eve');
    expect(h.get('2026-06-20')).toBe('midsummer_day');
    expect(h.get('2026-10-31')).toBe('all_saints_day');
    expect(h.get('2026-12-06')).toBe('independence_day');
    expect(h.get('2026-12-24')).toBe('christmas_eve');
    expect(h.size).toBe(15);
  });

  it('places Midsummer and All Saints on the right weekday in every year', () => {
    for (let year = 2020; year <= 2040; year++) {
      const h = [...finnishHolidays(year)];
      const eve = h.find(([, n]) => n === 'midsummer_eve')![0];
      const saints = h.find(([, n]) => n === 'all_saints_day')![0];
      expect(new Date(`${eve}T00:00:00Z`).getUTCDay()).toBe(5);
      expect(eve >= `${year}-06-19` && eve <= `${year}-06-25`).toBe(true);
      expect(new Date(`${saints}T00:00:00Z`).getUTCDay()).toBe(6);
      expect(saints >= `${year}-10-31` && saints <= `${year}-11-06`).toBe(true);
    }
  });

  it('treats weekends, holidays, Midsummer Eve and Christmas Eve as non-working days', () => {
    expect(isWorkingDay('2026-11-25')).toBe(true);
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-11-29')).toBe(false);
    expect(isWorkingDay('2026-05-01')).toBe(false);
    expect(isWorkingDay('2026-06-19')).toBe(false);
    expect(isWorkingDay('2026-12-24')).toBe(false);
    expect(isWorkingDay('2027-01-06')).toBe(false);
  });

  it('rejects impossible dates', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(/calendar date/);
    expect(() => addWorkingDays('2026-11-25', -1)).toThrow(/non-negative/);
  });
});

describe('working days', () => {
  it('does not count the starting day', () => {
    expect(addWorkingDays('2026-11-25', 1)).toBe('2026-11-26');
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-25', 0)).toBe('2026-11-25');
  });

  it('counts working days between dates in both directions', () => {
    expect(workingDaysBetween('2026-11-25', '2026-12-04')).toBe(7);
    expect(workingDaysBetween('2026-12-04', '2026-11-25')).toBe(-7);
    expect(workingDaysBetween('2026-12-04', '2026-12-08')).toBe(2); // 6.12. is a Sunday anyway
    expect(workingDaysBetween('2026-12-23', '2026-12-28')).toBe(1);
  });
});

describe('statutory deadlines', () => {
  it('decision is due on the 7th working day after Easter', () => {
    // Thursday before Easter 2026: Good Friday and Easter Monday are skipped.
    expect(decisionDeadline('2026-04-02')).toBe('2026-04-15');
  });

  it('decision is due on the 7th working day across Christmas and New Year', () => {
    expect(decisionDeadline('2026-12-22')).toBe('2027-01-05');
  });

  it('an application arriving on a Saturday counts from the next working days', () => {
    expect(decisionDeadline('2026-11-28')).toBe('2026-12-08');
  });

  it('an urgent application is decided by the next working day at the latest', () => {
    expect(decisionDeadline('2026-11-25', { urgent: true })).toBe('2026-11-26');
    expect(decisionDeadline('2026-12-23', { urgent: true })).toBe('2026-12-28');
  });

  it('notification is deemed on the 3rd day electronically, the 7th by post, in calendar days', () => {
    expect(deemedNotificationDate('2026-11-25', 'electronic')).toBe('2026-11-28');
    expect(deemedNotificationDate('2026-11-25', 'post')).toBe('2026-12-02');
    expect(deemedNotificationDate('2026-12-20', 'post')).toBe('2026-12-27');
  });

  it('the appeal period ends 30 days after notification, moved past weekends and holidays', () => {
    expect(appealDeadline('2026-10-01')).toBe('2026-11-02'); // 31.10. is All Saints' Day (Sat), 1.11. Sunday
    expect(appealDeadline('2026-11-06')).toBe('2026-12-07'); // Independence Day on a Sunday
    expect(appealDeadline('2026-11-24')).toBe('2026-12-28'); // Christmas Eve, Christmas, weekend
    expect(appealDeadline('2026-05-20')).toBe('2026-06-22'); // Midsummer Eve
    expect(appealDeadline('2026-11-25')).toBe('2026-12-28'); // 25.12.
    expect(appealDeadline('2026-01-14')).toBe('2026-02-13'); // an ordinary Friday
  });

  it('a reply deadline moves past a holiday too', () => {
    expect(replyDeadline('2026-04-27')).toBe('2026-05-04'); // 4.5. Monday: 7 days lands on Monday already
    expect(replyDeadline('2026-04-24')).toBe('2026-05-04'); // 1.5. May Day → Sat → Sun → Monday
    expect(periodEnd('2026-11-25')).toBe('2026-11-25');
  });
});

describe('Helsinki wall-clock time', () => {
  it('uses +02:00 in winter and +03:00 in summer', async () => {
    const { helsinkiDateTime, helsinkiToday } = await import('./helsinki-time');
    expect(helsinkiDateTime('2026-12-07', '08:00')).toBe('2026-12-07T08:00:00+02:00');
    expect(helsinkiDateTime('2026-06-22', '08:00')).toBe('2026-06-22T08:00:00+03:00');
    expect(new Date(helsinkiDateTime('2026-03-29', '12:00')).toISOString()).toBe(
      '2026-03-29T09:00:00.000Z',
    );
    expect(helsinkiToday(new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01');
  });
});
