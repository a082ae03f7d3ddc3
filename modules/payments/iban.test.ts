import { describe, expect, it } from 'vitest';
import { formatIban, parseIban } from './iban';

describe('IBAN', () => {
  it.each([
    'FI21 1234 5600 0007 85',
    'fi2112345600000785',
    'SE45 5000 0000 0583 9825 7466',
    'DE89 3704 0044 0532 0130 00',
    'EE38 2200 2210 2014 5685',
  ])('accepts %s', (input) => {
    expect(parseIban(input).ok).toBe(true);
  });

  it.each([
    ['FI21 1234 5600 0007 86', 'checksum'],
    ['FI21 1234 5600 0007 8', 'length'],
    ['XX21 1234 5600 0007 85', 'country'],
    ['1234', 'format'],
    ['FI2A12345600000785', 'format'],
    ['', 'format'],
  ])('rejects %s (%s)', (input, error) => {
    expect(parseIban(input)).toEqual({ ok: false, error });
  });

  it('normalises to the electronic form and formats in groups of four', () => {
    const parsed = parseIban('fi21 1234 5600 0007 85');
    expect(parsed).toEqual({ ok: true, iban: 'FI2112345600000785', country: 'FI' });
    expect(formatIban('FI2112345600000785')).toBe('FI21 1234 5600 0007 85');
  });
});
