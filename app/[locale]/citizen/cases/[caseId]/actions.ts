'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { fileAppeal } from '@/modules/appeals/file-appeal';
import { replyToInformationRequest } from '@/modules/citizen/own-cases';
import { AppError } from '@/modules/errors';
import { isLocale } from '@/modules/i18n/locales';
import { getEngine } from '@/modules/process/engine';

export async function replyAction(locale: string, caseId: string, form: FormData) {
  const lang = isLocale(locale) ? locale : 'fi';
  const here = `/${lang}/citizen/cases/${caseId}`;
  if (!z.uuid().safeParse(caseId).success) redirect(`/${lang}/citizen`);
  const actor = await requireArea('citizen', here);
  let status = 'sent';
  try {
    await replyToInformationRequest(getDb(), getEngine(), actor, caseId, {
      message: form.get('message'),
      attachmentIds: form.getAll('attachmentIds').map(String),
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'not_found') redirect(`/${lang}/citizen`);
    status = error.message.startsWith('no request') ? 'closed' : 'invalid';
  }
  redirect(`${here}?reply=${status}#reply`);
}

export async function appealAction(locale: string, caseId: string, form: FormData) {
  const lang = isLocale(locale) ? locale : 'fi';
  const here = `/${lang}/citizen/cases/${caseId}`;
  if (!z.uuid().safeParse(caseId).success) redirect(`/${lang}/citizen`);
  const actor = await requireArea('citizen', here);
  let status: string;
  try {
    const filed = await fileAppeal(getDb(), getEngine(), actor, caseId, {
      text: form.get('appeal'),
      attachmentIds: form.getAll('attachmentIds').map(String),
    });
    status = filed.late ? 'late' : 'sent';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'not_found') redirect(`/${lang}/citizen`);
    status = 'invalid';
  }
  redirect(`${here}?appeal=${status}#appeal`);
}
