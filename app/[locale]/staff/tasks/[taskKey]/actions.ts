'use server';
// Server actions of the task page. Each checks login and the staff area again; the task's queue,
// the claim and the four-eyes rule are checked by modules/tasks (completeTask). A refused form
// comes back as field codes; nothing is completed then.
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { EngineCommandError } from '@/engine';
import { requireArea } from '@/modules/auth/session';
import type { CalculationResult } from '@/modules/calculation/calculate-support';
import { AppError } from '@/modules/errors';
import { isLocale } from '@/modules/i18n/locales';
import { getEngine } from '@/modules/process/engine';
import { reviewDecisionProposal } from '@/modules/task-forms/review-decision-proposal';
import { submittedFromFormData, type FieldError } from '@/modules/task-forms/read-form-submission';
import type { TaskScreen } from '@/modules/task-forms/screens';
import { submitCompletenessCheck } from '@/modules/task-forms/submit-completeness-check';
import {
  submitDecisionProposal,
  tryCalculate,
} from '@/modules/task-forms/submit-decision-proposal';
import { submitGenericForm } from '@/modules/task-forms/submit-generic-form';
import { submitInformationRequest } from '@/modules/task-forms/submit-information-request';
import { TaskFormInvalid } from '@/modules/task-forms/task-form-invalid';
import { claimTask, taskForActor } from '@/modules/tasks/complete-task';

export type Failure = 'forbidden' | 'four_eyes' | 'not_found' | 'claimed' | 'failed';

export interface TaskActionState {
  problems: FieldError[];
  failure: Failure | null;
}

const taskKey = z.string().regex(/^\d{1,19}$/);

function failureOf(error: unknown): Failure {
  if (error instanceof AppError) {
    if (error.code === 'forbidden')
      return /proposer/.test(error.message)
        ? 'four_eyes'
        : /claimed/.test(error.message)
          ? 'claimed'
          : 'forbidden';
    if (error.code === 'not_found') return 'not_found';
    if (error.code === 'invalid_input' && /claimed/.test(error.message)) return 'claimed';
  }
  if (error instanceof EngineCommandError && error.code === 'INVALID_STATE') return 'not_found';
  console.error('[tasks] action failed:', error);
  return 'failed';
}

type Submit = (...args: Parameters<typeof submitGenericForm>) => Promise<unknown>;

const SUBMIT: Record<TaskScreen, Submit> = {
  generic: submitGenericForm,
  completeness_check: submitCompletenessCheck,
  information_request: submitInformationRequest,
  decision_proposal: submitDecisionProposal,
  decision_approval: reviewDecisionProposal,
};

export async function submitTaskAction(
  locale: string,
  userTaskKey: string,
  screen: TaskScreen,
  form: FormData,
): Promise<TaskActionState> {
  const lang = isLocale(locale) ? locale : 'fi';
  if (!taskKey.safeParse(userTaskKey).success || !(screen in SUBMIT))
    return { problems: [], failure: 'not_found' };
  try {
    const actor = await requireArea('staff', `/${lang}/staff/tasks/${userTaskKey}`);
    await SUBMIT[screen](getDb(), getEngine(), actor, userTaskKey, submittedFromFormData(form));
  } catch (error) {
    if (error instanceof TaskFormInvalid) return { problems: error.problems, failure: null };
    return { problems: [], failure: failureOf(error) };
  }
  redirect(`/${lang}/staff/tasks/${userTaskKey}?done=1`);
}

export async function claimTaskAction(locale: string, userTaskKey: string): Promise<void> {
  const lang = isLocale(locale) ? locale : 'fi';
  let outcome = 'claimed=1';
  try {
    if (!taskKey.safeParse(userTaskKey).success) throw new AppError('not_found', 'bad key');
    const actor = await requireArea('staff', `/${lang}/staff/tasks/${userTaskKey}`);
    await claimTask(getDb(), getEngine(), actor, userTaskKey);
  } catch (error) {
    outcome = `failure=${failureOf(error)}`;
  }
  redirect(`/${lang}/staff/tasks/${userTaskKey}?${outcome}`);
}

/** Live recalculation while drafting: the same calculation the decision job runs. */
export async function recalculateAction(
  userTaskKey: string,
  input: unknown,
): Promise<{ ok: true; result: CalculationResult } | { ok: false }> {
  try {
    if (!taskKey.safeParse(userTaskKey).success) return { ok: false };
    const actor = await requireArea('staff', `/staff/tasks/${userTaskKey}`);
    await taskForActor(getDb(), getEngine(), actor, userTaskKey);
    const calculated = tryCalculate(input);
    return calculated ? { ok: true, result: calculated.result } : { ok: false };
  } catch {
    return { ok: false };
  }
}
