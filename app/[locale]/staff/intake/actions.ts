'use server';
// Server actions of the intake page: a paper application from confirmed scans, an oral one.
// Both end in submitApplication, the same start as the e-service's.
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { AppError } from '@/modules/errors';
import { isLocale } from '@/modules/i18n/locales';
import { recordOralApplication } from '@/modules/intake/record-oral-application';
import { registerPaperApplication } from '@/modules/intake/register-paper-application';
import { getEngine } from '@/modules/process/engine';
import { submittedFromFormData, type FieldError } from '@/modules/task-forms/read-form-submission';
import { TaskFormInvalid } from '@/modules/task-forms/task-form-invalid';

export interface IntakeState {
  problems: FieldError[];
  failure: 'forbidden' | 'failed' | null;
}

async function run(
  locale: string,
  form: FormData,
  register: typeof registerPaperApplication,
): Promise<IntakeState> {
  const lang = isLocale(locale) ? locale : 'fi';
  let caseId: string;
  try {
    const actor = await requireArea('staff', `/${lang}/staff/intake`);
    ({ caseId } = await register(getDb(), getEngine(), actor, submittedFromFormData(form)));
  } catch (error) {
    if (error instanceof TaskFormInvalid) return { problems: error.problems, failure: null };
    if (
      error instanceof AppError &&
      (error.code === 'forbidden' || error.code === 'unauthenticated')
    )
      return { problems: [], failure: 'forbidden' };
    console.error('[intake] registration failed:', error);
    return { problems: [], failure: 'failed' };
  }
  redirect(`/${lang}/staff/intake?registered=${caseId}`);
}

export async function registerPaperAction(locale: string, form: FormData): Promise<IntakeState> {
  return run(locale, form, registerPaperApplication);
}

export async function recordOralAction(locale: string, form: FormData): Promise<IntakeState> {
  return run(locale, form, (db, engine, actor, submitted) =>
    recordOralApplication(db, engine, actor, submitted),
  );
}
