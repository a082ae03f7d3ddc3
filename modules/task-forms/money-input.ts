// Euro amounts typed by a person ("520", "520,50", "1 234.5") as integer cents, and back.

/** null when the text is not a non-negative amount with at most two decimals. */
export function eurosToCents(text: string): number | null {
  const clean = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, fraction = ''] = clean.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** 52050 → "520,50" (fi/sv) or "520.50" (en): what an input field shows. */
export function centsToEuros(cents: number, decimalComma = true): string {
  const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return decimalComma ? text.replace('.', ',') : text;
}
