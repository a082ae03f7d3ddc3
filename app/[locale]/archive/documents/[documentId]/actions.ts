'use server';
// Legal hold on or off from the document page; only archivists (checked in setLegalHold, which
// audits a refusal). The outcome comes back as a query parameter the page shows.
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { setLegalHold } from '@/modules/archive/set-legal-hold';
import { requireArea } from '@/modules/auth/session';
import { AppError } from '@/modules/errors';
import { isLocale } from '@/modules/i18n/locales';

export async function setLegalHoldAction(locale: string, documentId: string, form: FormData) {
  const lang = isLocale(locale) ? locale : 'fi';
  const purpose = String(form.get('purpose') ?? '').slice(0, 500);
  const back = (outcome: Record<string, string>) =>
    `/${lang}/archive/documents/${documentId}?${new URLSearchParams({ purpose, ...outcome }).toString()}`;
  const actor = await requireArea('archive', back({}));
  let outcome: Record<string, string>;
  try {
    const hold = form.get('hold') === 'on';
    const result = await setLegalHold(getDb(), actor, {
      documentId: z.uuid().safeParse(documentId).success ? documentId : '',
      hold,
      reason: String(form.get('reason') ?? ''),
    });
    outcome = result.ok ? { hold: hold ? 'placed' : 'released' } : { holdError: result.error };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    outcome = { holdError: error.code === 'not_found' ? 'not_found' : 'forbidden' };
  }
  redirect(back(outcome));
}
