'use server';

import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import {
  isStep,
  validateApplication,
  DraftData,
  type ApplyFieldError,
} from '@/modules/citizen/apply/application-form';
import { saveOwnDraft } from '@/modules/citizen/apply/own-application-draft';
import {
  ApplicationInvalidError,
  submitOwnApplication,
} from '@/modules/citizen/apply/submit-own-application';
import { AppError } from '@/modules/errors';
import { isLocale } from '@/modules/i18n/locales';
import { getEngine } from '@/modules/process/engine';

export type SaveResult =
  | { ok: true; draftId: string; savedAt: string; errors: ApplyFieldError[] }
  | { ok: false; reason: 'gone' | 'failed' };

/**
 * Saves the draft as typed. With `check`, the step is validated first (the server is the
 * authority): on errors the draft is saved on the same step and the errors come back.
 */
export async function saveDraftAction(
  draftId: string | null,
  data: unknown,
  step: string,
  check?: { step: string },
): Promise<SaveResult> {
  try {
    const actor = await requireArea('citizen', '/citizen/apply');
    const parsed = DraftData.parse(data ?? {});
    const errors =
      check && isStep(check.step) ? validateApplication(parsed, [check.step]).errors : [];
    const saved = await saveOwnDraft(getDb(), actor, {
      draftId,
      data: parsed,
      step: errors.length && check ? check.step : step,
    });
    return { ok: true, draftId: saved.draftId, savedAt: saved.updatedAt.toISOString(), errors };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      return { ok: false, reason: 'gone' };
    if (error instanceof AppError) return { ok: false, reason: 'failed' };
    throw error;
  }
}

export type SubmitResult =
  | { ok: true; caseId: string }
  | { ok: false; errors: ApplyFieldError[] }
  | { ok: false; failed: true };

export async function submitApplicationAction(
  locale: string,
  draftId: string,
): Promise<SubmitResult> {
  try {
    const actor = await requireArea('citizen', '/citizen/apply');
    const submitted = await submitOwnApplication(getDb(), getEngine(), actor, {
      draftId,
      locale: isLocale(locale) ? locale : 'fi',
    });
    return { ok: true, caseId: submitted.caseId };
  } catch (error) {
    if (error instanceof ApplicationInvalidError) return { ok: false, errors: error.errors };
    if (error instanceof AppError) return { ok: false, failed: true };
    throw error;
  }
}
