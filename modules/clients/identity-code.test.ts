import { describe, expect, it } from 'vitest';
import {
  CENTURY_SIGNS,
  checkCharacter,
  findIdentityCodes,
  makeIdentityCode,
  maskIdentityCode,
  parseIdentityCode,
} from './identity-code';

describe('henkilötunnus validation', () => {
  it.each([
    // [code, birth date] — the well-known examples from the Digital and Population Data Services Agency
    ['131052-308T', '1952-10-13'],
    ['131052A308T', '2052-10-13'],
    ['010101-0101', '1901-01-01'],
    ['010101Y0101', '1901-01-01'],
    ['010101X0101', '1901-01-01'],
    ['010101W0101', '1901-01-01'],
    ['010101V0101', '1901-01-01'],
    ['010101U0101', '1901-01-01'],
    ['010101B0101', '2001-01-01'],
    ['010101C0101', '2001-01-01'],
    ['010101D0101', '2001-01-01'],
    ['010101E0101', '2001-01-01'],
    ['010101F0101', '2001-01-01'],
    ['010101+0101', '1801-01-01'],
    ['290200A002C', '2000-02-29'],
  ])('accepts %s born %s', (code, birthDate) => {
    const result = parseIdentityCode(code);
    expect(result).toMatchObject({ ok: true, value: { code, birthDate } });
  });

  it('accepts every century sign when the check character is right', () => {
    for (const sign of CENTURY_SIGNS) {
      const code = makeIdentityCode('2001-03-15', sign, 123);
      expect(parseIdentityCode(code).ok, code).toBe(true);
    }
    expect(CENTURY_SIGNS.sort()).toEqual(
      ['+', '-', 'A', 'B', 'C', 'D', 'E', 'F', 'U', 'V', 'W', 'X', 'Y'].sort(),
    );
  });

  it.each([
    ['131052-308U', 'check_character'],
    ['131052-3081', 'check_character'],
    ['131052G308T', 'century_sign'],
    ['131052Z308T', 'century_sign'],
    ['131052*308T', 'century_sign'],
    ['310452-308T', 'date'],
    ['290201A002C', 'date'],
    ['290200-002C', 'date'], // 1900 was not a leap year
    ['001052-308T', 'date'],
    ['131352-308T', 'date'],
    ['131052-000T', 'individual_number'],
    ['131052-001T', 'individual_number'],
    ['131052-308', 'format'],
    ['131052-308TT', 'format'],
    ['13105-2308T', 'format'],
    ['', 'format'],
    ['131052-308G', 'check_character'], // G is not in the check alphabet
  ])('rejects %s (%s)', (code, error) => {
    expect(parseIdentityCode(code)).toEqual({ ok: false, error });
  });

  it('marks 900–999 as temporary codes but keeps them valid', () => {
    const code = makeIdentityCode('1985-07-04', '-', 923);
    const result = parseIdentityCode(code);
    expect(result.ok && result.value.temporary).toBe(true);
    const regular = parseIdentityCode(makeIdentityCode('1985-07-04', '-', 123));
    expect(regular.ok && regular.value.temporary).toBe(false);
  });

  it('does not count the century sign in the check character, so codes may differ only by it', () => {
    const a = makeIdentityCode('1999-12-31', '-', 456);
    const b = makeIdentityCode('1999-12-31', 'Y', 456);
    expect(a.slice(-1)).toBe(b.slice(-1));
    expect(a).not.toBe(b);
    expect(parseIdentityCode(a).ok && parseIdentityCode(b).ok).toBe(true);
  });

  it('normalises case and whitespace to the stored 11-character form', () => {
    expect(parseIdentityCode(' 131052a308t ')).toMatchObject({
      ok: true,
      value: { code: '131052A308T' },
    });
  });

  it('computes the check character from the nine digits mod 31', () => {
    expect(checkCharacter('131052308')).toBe('T');
    expect(checkCharacter('000000031')).toBe('0');
  });

  it('derives sex from the individual number for statistics', () => {
    expect(parseIdentityCode('131052-308T')).toMatchObject({ value: { sex: 'female' } });
    expect(parseIdentityCode(makeIdentityCode('1970-01-01', '-', 111))).toMatchObject({
      value: { sex: 'male' },
    });
  });
});

describe('masking and finding codes', () => {
  it('masks the individual part as 010190-****', () => {
    expect(maskIdentityCode('010190-123A')).toBe('010190-****');
    expect(maskIdentityCode('bad')).toBe('***********');
  });

  it('finds only codes with a valid check character in OCR text', () => {
    const text =
      'Hakija: Maija Meikäläinen, hetu 131052-308t. Puoliso 131052-308U. Lapsi 010101a0101.';
    expect(findIdentityCodes(text)).toEqual(['131052-308T', '010101A0101']);
  });
});
