// Finnish personal identity code (henkilötunnus): DDMMYYCZZZQ, validated as DOMAIN.md says.

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

const CENTURY_BY_SIGN: Record<string, number> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

export const CENTURY_SIGNS = Object.keys(CENTURY_BY_SIGN);

export type IdentityCodeError =
  'format' | 'century_sign' | 'date' | 'individual_number' | 'check_character';

export interface ParsedIdentityCode {
  /** All 11 characters, upper case: the stored and compared form. */
  code: string;
  birthDate: string;
  centurySign: string;
  individualNumber: number;
  /** 900–999 are temporary codes given by some registers. */
  temporary: boolean;
  /** For statistics only; never for decisions. */
  sex: 'male' | 'female';
}

export type IdentityCodeResult =
  { ok: true; value: ParsedIdentityCode } | { ok: false; error: IdentityCodeError };

const SHAPE = /^(\d{2})(\d{2})(\d{2})(.)(\d{3})([0-9A-Z])$/;

export function checkCharacter(nineDigits: string): string {
  return CHECK_CHARACTERS[Number(nineDigits) % 31]!;
}

/** Parses and validates; the input is trimmed and upper-cased (OCR and typing give lower case). */
export function parseIdentityCode(input: string): IdentityCodeResult {
  const code = input.trim().toUpperCase();
  if (code.length !== 11) return { ok: false, error: 'format' };
  const match = SHAPE.exec(code);
  if (!match) return { ok: false, error: 'format' };
  const [, dd, mm, yy, sign, zzz, q] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const century = CENTURY_BY_SIGN[sign];
  if (century === undefined) return { ok: false, error: 'century_sign' };
  const year = century + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return { ok: false, error: 'date' };
  }
  const individualNumber = Number(zzz);
  if (individualNumber < 2) return { ok: false, error: 'individual_number' };
  if (checkCharacter(`${dd}${mm}${yy}${zzz}`) !== q) return { ok: false, error: 'check_character' };
  return {
    ok: true,
    value: {
      code,
      birthDate: `${String(year).padStart(4, '0')}-${mm}-${dd}`,
      centurySign: sign,
      individualNumber,
      temporary: individualNumber >= 900,
      sex: individualNumber % 2 === 1 ? 'male' : 'female',
    },
  };
}

export function isValidIdentityCode(input: string): boolean {
  return parseIdentityCode(input).ok;
}

/** `010190-****`: the birth date and century sign, never the individual part. */
export function maskIdentityCode(code: string): string {
  return code.length === 11 ? `${code.slice(0, 7)}****` : '***********';
}

/** Builds a valid code (demo data and tests). */
export function makeIdentityCode(
  birthDate: string,
  centurySign: string,
  individualNumber: number,
): string {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  const zzz = String(individualNumber).padStart(3, '0');
  const nine = `${day}${month}${year.slice(2)}${zzz}`;
  return `${day}${month}${year.slice(2)}${centurySign}${zzz}${checkCharacter(nine)}`;
}

/** Finds every well-formed code with a valid check character in free text (OCR output). */
export function findIdentityCodes(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.toUpperCase().matchAll(/\b\d{6}[+\-A-FU-Y]\d{3}[0-9A-Y]\b/g)) {
    const parsed = parseIdentityCode(match[0]);
    if (parsed.ok) found.add(parsed.value.code);
  }
  return [...found];
}
