// Page helpers: validate the [locale] segment and get its catalogue.
import 'server-only';
import { notFound } from 'next/navigation';
import { messages, type Messages } from './index';
import { isLocale, type Locale } from './locales';

export async function pageLocale(
  params: Promise<{ locale: string }>,
): Promise<{ locale: Locale; t: Messages }> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  return { locale, t: messages(locale) };
}
