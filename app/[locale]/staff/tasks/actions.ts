'use server';
// Work-queue commands: claim, release, assign and saved filters. Each checks login, area, the
// actor's queues and the target on the server (modules/worklist), whatever the page showed.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { AppError } from '@/modules/errors';
import { isLocale, messages, type Locale } from '@/modules/i18n';
import { getEngine } from '@/modules/process/engine';
import { QUEUE_VIEW_FIELDS } from '@/modules/worklist/queue-view';
import { deleteSavedFilter, saveFilter } from '@/modules/worklist/saved-filters';
import {
  assignQueueTask,
  claimQueueTask,
  releaseQueueTask,
  type TaskCommandResult,
} from '@/modules/worklist/task-commands';

export interface CommandState {
  ok?: boolean;
  message?: string;
}

function lang(locale: string): Locale {
  return isLocale(locale) ? locale : 'fi';
}

async function actorFor(locale: Locale) {
  return requireArea('staff', `/${locale}/staff/tasks`);
}

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

async function runTaskCommand(
  locale: Locale,
  run: () => Promise<TaskCommandResult>,
): Promise<CommandState> {
  const t = messages(locale).worklist;
  try {
    const result = await run();
    revalidatePath(`/${locale}/staff/tasks`);
    return result.ok
      ? { ok: true, message: t.done }
      : { ok: false, message: t.errors[result.error] };
  } catch (error) {
    if (error instanceof AppError)
      return {
        ok: false,
        message: error.code === 'forbidden' ? t.errors.forbidden : t.errors.invalid_input,
      };
    throw error;
  }
}

const taskKey = z.string().regex(/^\d{1,19}$/);

/** A claim, release or assignment of the task named in the form, by the logged-in user. */
function taskCommand(
  locale: string,
  form: FormData,
  command: (actor: Awaited<ReturnType<typeof actorFor>>, key: string) => Promise<TaskCommandResult>,
): Promise<CommandState> {
  const l = lang(locale);
  return runTaskCommand(l, async () => {
    const actor = await actorFor(l);
    const key = taskKey.safeParse(text(form, 'taskKey'));
    if (!key.success) return { ok: false, error: 'not_found' };
    return command(actor, key.data);
  });
}

export async function claimTaskAction(
  locale: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  return taskCommand(locale, form, (actor, key) =>
    claimQueueTask(getDb(), getEngine(), actor, key),
  );
}

export async function releaseTaskAction(
  locale: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  return taskCommand(locale, form, (actor, key) =>
    releaseQueueTask(getDb(), getEngine(), actor, key),
  );
}

export async function assignTaskAction(
  locale: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  return taskCommand(locale, form, (actor, key) =>
    assignQueueTask(getDb(), getEngine(), actor, key, text(form, 'assignee')),
  );
}

export async function saveFilterAction(
  locale: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  const l = lang(locale);
  const t = messages(l).worklist;
  const actor = await actorFor(l);
  const view: Record<string, string> = {};
  for (const field of QUEUE_VIEW_FIELDS) view[field] = text(form, field);
  const result = await saveFilter(getDb(), actor.userId, { name: text(form, 'name'), view });
  if (!result.ok) return { ok: false, message: t.saveErrors[result.error] };
  revalidatePath(`/${l}/staff/tasks`);
  return { ok: true, message: t.savedOk };
}

export async function deleteFilterAction(
  locale: string,
  _prev: CommandState,
  form: FormData,
): Promise<CommandState> {
  const l = lang(locale);
  const t = messages(l).worklist;
  const actor = await actorFor(l);
  const deleted = await deleteSavedFilter(getDb(), actor.userId, text(form, 'filterId'));
  if (!deleted) return { ok: false, message: t.saveErrors.not_found };
  revalidatePath(`/${l}/staff/tasks`);
  return { ok: true, message: t.deletedOk };
}
