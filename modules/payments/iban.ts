// IBAN validation (ISO 13616: country length + mod-97 check), for payment instructions.

/** Lengths of the SEPA countries' IBANs (Finland and its usual neighbours first). */
const IBAN_LENGTHS: Record<string, number> = {
  FI: 18,
  SE: 24,
  NO: 15,
  DK: 18,
  EE: 20,
  DE: 22,
  AX: 18,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  ES: 24,
  FR: 27,
  GB: 22,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  PL: 28,
  PT: 25,
  RO: 24,
  SI: 19,
  SK: 24,
  SM: 27,
};

export type IbanError = 'format' | 'country' | 'length' | 'checksum';

export type IbanResult =
  { ok: true; iban: string; country: string } | { ok: false; error: IbanError };

function mod97(digits: string): number {
  let remainder = 0;
  for (let i = 0; i < digits.length; i += 7) {
    remainder = Number(`${remainder}${digits.slice(i, i + 7)}`) % 97;
  }
  return remainder;
}

/** Accepts spaces and lower case; returns the electronic form (no spaces, upper case). */
export function parseIban(input: string): IbanResult {
  const iban = input.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return { ok: false, error: 'format' };
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return { ok: false, error: 'country' };
  if (iban.length !== length) return { ok: false, error: 'length' };
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  const digits = rearranged.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  if (mod97(digits) !== 1) return { ok: false, error: 'checksum' };
  return { ok: true, iban, country };
}

/** The paper form: groups of four. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
