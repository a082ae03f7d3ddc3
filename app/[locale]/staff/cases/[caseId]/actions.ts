'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { fileAppeal } from '@/modules/appeals/file-appeal';
import { addCaseNote, recordContact } from '@/modules/cases/casework';
import { getEngine } from '@/modules/process/engine';
import { requireArea } from '@/modules/auth/session';
import { AppError } from '@/modules/errors';
import { isLocale } from '@/modules/i18n/locales';
import { helsinkiDateTime } from '@/modules/calendar/helsinki-time';

/** Back to the case with the same purpose (task or reason) and a status for the form. */
function back(locale: string, caseId: string, form: FormData, status: string): never {
  const query = new URLSearchParams();
  for (const key of ['task', 'reason']) {
    const value = form.get(key);
    if (typeof value === 'string' && value) query.set(key, value);
  }
  query.set('status', status);
  redirect(`/${locale}/staff/cases/${caseId}?${query.toString()}#${status.split('-')[0]}`);
}

async function run(
  locale: string,
  caseId: string,
  form: FormData,
  kind: 'notes' | 'contacts',
  write: (actor: Awaited<ReturnType<typeof requireArea>>) => Promise<unknown>,
) {
  const lang = isLocale(locale) ? locale : 'fi';
  if (!z.uuid().safeParse(caseId).success) redirect(`/${lang}/staff`);
  const actor = await requireArea('staff', `/${lang}/staff/cases/${caseId}`);
  try {
    await write(actor);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input')
      back(lang, caseId, form, `${kind}-invalid`);
    throw error;
  }
  back(lang, caseId, form, `${kind}-saved`);
}

export async function addNoteAction(locale: string, caseId: string, form: FormData) {
  await run(locale, caseId, form, 'notes', (actor) =>
    addCaseNote(getDb(), actor, caseId, {
      text: form.get('text'),
      correctsId: form.get('correctsId') || undefined,
    }),
  );
}

export async function recordContactAction(locale: string, caseId: string, form: FormData) {
  await run(locale, caseId, form, 'contacts', (actor) =>
    recordContact(getDb(), actor, caseId, {
      channel: form.get('channel'),
      direction: form.get('direction'),
      summary: form.get('summary'),
      contactAt: fromLocalInput(form.get('contactAt')),
    }),
  );
}

/** A `datetime-local` value (Helsinki wall-clock time) as an ISO instant; '' when malformed. */
function fromLocalInput(value: FormDataEntryValue | null): string {
  const match = typeof value === 'string' && /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  return match ? helsinkiDateTime(match[1]!, match[2]!) : '';
}

export async function registerPaperAppealAction(locale: string, caseId: string, form: FormData) {
  const lang = isLocale(locale) ? locale : 'fi';
  if (!z.uuid().safeParse(caseId).success) redirect(`/${lang}/staff`);
  const actor = await requireArea('staff', `/${lang}/staff/cases/${caseId}`);
  let status = 'appeal-invalid';
  try {
    const filed = await fileAppeal(getDb(), getEngine(), actor, caseId, {
      text: form.get('appealText'),
      receivedOn: form.get('receivedOn') || undefined,
    });
    status = filed.late ? 'appeal-late' : 'appeal-saved';
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_input') throw error;
  }
  back(lang, caseId, form, status);
}
