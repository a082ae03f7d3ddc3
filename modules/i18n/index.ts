// Message catalogues and locale-aware formatting of dates and money.
import { en } from './messages/en';
import { fi, type Messages } from './messages/fi';
import { sv } from './messages/sv';
import { INTL_TAG, type Locale } from './locales';

export * from './locales';
export type { Messages };

const CATALOGUES: Record<Locale, Messages> = { fi, sv, en };

export function messages(locale: Locale): Messages {
  return CATALOGUES[locale];
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

const HELSINKI = 'Europe/Helsinki';

export function formatDate(value: Date | string, locale: Locale): string {
  const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    timeZone: HELSINKI,
  }).format(date);
}

export function formatDateTime(value: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_TAG[locale], {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: HELSINKI,
  }).format(value);
}

/** Money is kept in integer cents everywhere; only display turns it into euros. */
export function formatMoney(cents: number, locale: Locale): string {
  if (!Number.isInteger(cents)) throw new Error(`money must be integer cents, got ${cents}`);
  return new Intl.NumberFormat(INTL_TAG[locale], { style: 'currency', currency: 'EUR' }).format(
    cents / 100,
  );
}
