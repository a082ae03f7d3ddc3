import { afterEach, describe, expect, it } from 'vitest';
import { retentionForClosedCase, sampleDays } from './retention-rules';

afterEach(() => {
  delete process.env.ARCHIVE_SAMPLE_DAYS;
});

describe('retention of income-support records', () => {
  it('keeps them 10 years after the case closes', () => {
    expect(retentionForClosedCase('2026-11-25', '1980-03-12')).toEqual({
      retentionClass: 'working_age_adult_services',
      permanent: false,
      disposalOn: '2036-11-26',
    });
  });

  it('keeps clients born on the 8th, 18th and 28th permanently (the sample)', () => {
    for (const day of ['08', '18', '28']) {
      expect(retentionForClosedCase('2026-11-25', `1980-03-${day}`)).toMatchObject({
        permanent: true,
        disposalOn: null,
      });
    }
    expect(retentionForClosedCase('2026-11-25', '1980-03-09').permanent).toBe(false);
  });

  it('takes the sample days from configuration and ignores nonsense', () => {
    process.env.ARCHIVE_SAMPLE_DAYS = '1, 15,x,40';
    expect(sampleDays()).toEqual([1, 15]);
    expect(retentionForClosedCase('2026-11-25', '1980-03-15').permanent).toBe(true);
    process.env.ARCHIVE_SAMPLE_DAYS = 'none';
    expect(sampleDays()).toEqual([8, 18, 28]);
  });

  it('moves a leap day to the end of February', () => {
    expect(retentionForClosedCase('2028-02-29', '1980-01-01').disposalOn).toBe('2038-03-01');
  });
});
