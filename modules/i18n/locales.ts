export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fi';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Intl locale tags used for dates and money (Finland's conventions in every language). */
export const INTL_TAG: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' };

/** The name of each language in that language itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Locale, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };
