import { describe, expect, it } from 'vitest';
import { fill, formatDate, formatMoney, LOCALES, messages } from './index';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k),
  );
}

function values(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(values);
}

describe('message catalogues', () => {
  it('every language has exactly the Finnish keys, none empty', () => {
    const reference = keys(messages('fi')).sort();
    for (const locale of LOCALES) {
      expect(keys(messages(locale)).sort(), locale).toEqual(reference);
      for (const text of values(messages(locale)))
        expect(text.trim().length, locale).toBeGreaterThan(0);
    }
  });

  it('placeholders are the same in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const fiKeys = keys(messages('fi'));
    for (const locale of LOCALES) {
      const fiValues = values(messages('fi'));
      const other = values(messages(locale));
      fiKeys.forEach((key, i) =>
        expect(placeholders(other[i]!), `${locale} ${key}`).toEqual(placeholders(fiValues[i]!)),
      );
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('Sivu {page}/{pages}', { page: 2, pages: 5 })).toBe('Sivu 2/5');
    expect(fill('{x} {y}', { x: 1 })).toBe('1 {y}');
  });
});

describe('locale formats', () => {
  it('formats dates the Finnish, Swedish and English way in Helsinki time', () => {
    expect(formatDate('2026-12-06', 'fi')).toBe('6.12.2026');
    expect(formatDate('2026-12-06', 'sv')).toBe('6.12.2026');
    expect(formatDate('2026-12-06', 'en')).toBe('06/12/2026');
    // 23:30 UTC on 31 Dec is already New Year in Helsinki.
    expect(formatDate(new Date('2026-12-31T23:30:00Z'), 'fi')).toBe('1.1.2027');
  });

  it('formats integer cents as euros with the locale separators', () => {
    const normalise = (s: string) => s.replace(/\s/g, ' ');
    expect(normalise(formatMoney(123456, 'fi'))).toBe('1 234,56 €');
    expect(normalise(formatMoney(123456, 'sv'))).toBe('1 234,56 €');
    expect(normalise(formatMoney(123456, 'en'))).toBe('€1,234.56');
    expect(() => formatMoney(1.5, 'fi')).toThrow(/integer cents/);
  });
});
