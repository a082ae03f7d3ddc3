'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { AppError } from '@/modules/errors';
import { isLocale } from '@/modules/i18n/locales';
import { recordDeliveryConsent } from '@/modules/notices/record-delivery-consent';
import { setNoticeEmail } from '@/modules/notices/set-notice-email';

function here(locale: string) {
  return `/${isLocale(locale) ? locale : 'fi'}/citizen/settings`;
}

export async function consentAction(locale: string, form: FormData) {
  const path = here(locale);
  const actor = await requireArea('citizen', path);
  const value = form.get('given');
  let status: string;
  try {
    const row = await recordDeliveryConsent(getDb(), actor, {
      given: value === 'true' ? true : value === 'false' ? false : value,
    });
    status = row.given ? 'consent-given' : 'consent-withdrawn';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    status = 'failed';
  }
  redirect(`${path}?done=${status}#consent`);
}

export async function emailAction(locale: string, form: FormData) {
  const path = here(locale);
  const actor = await requireArea('citizen', path);
  let status: string;
  try {
    const email = await setNoticeEmail(getDb(), actor, { email: form.get('email') ?? '' });
    status = email ? 'email-saved' : 'email-cleared';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    status = error.code === 'invalid_input' ? 'email-invalid' : 'failed';
  }
  redirect(`${path}?done=${status}#email`);
}
