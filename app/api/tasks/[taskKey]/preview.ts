// Shared by the PDF previews of a task (letter, decision): the actor must hold the task (its
// queues or theirs) and may handle its case; the read of client data is audited with the task
// as purpose. Refusals and invalid forms answer in the user's language as plain text, since the
// preview opens in its own tab.
import { z } from 'zod';
import { getDb } from '@/db/client';
import type { UserTask } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { requireArea } from '@/modules/auth/session';
import { authorizeCase } from '@/modules/cases/open-case';
import { AppError, HTTP_STATUS } from '@/modules/errors';
import { fill, messages } from '@/modules/i18n';
import { isLocale, type Locale } from '@/modules/i18n/locales';
import { getEngine } from '@/modules/process/engine';
import { TaskFormInvalid } from '@/modules/task-forms/task-form-invalid';
import { taskForActor } from '@/modules/tasks/complete-task';

export interface PreviewContext {
  actor: LoadedActor;
  task: UserTask;
  caseId: string;
  locale: Locale;
}

export function localeOf(request: Request): Locale {
  const value = new URL(request.url).searchParams.get('locale');
  return isLocale(value) ? value : 'fi';
}

/** A form post must come from this site (route handlers have no built-in origin check). */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function previewContext(
  request: Request,
  userTaskKey: string,
  elementIds: string[],
  purpose: string,
): Promise<PreviewContext> {
  const locale = localeOf(request);
  if (request.method === 'POST' && !sameOrigin(request))
    throw new AppError('forbidden', 'cross-site request');
  if (!/^\d{1,19}$/.test(userTaskKey)) throw new AppError('not_found', 'no such task');
  const actor = await requireArea('staff', `/api/tasks/${userTaskKey}/${purpose}`);
  const db = getDb();
  const engine = getEngine();
  const task = await taskForActor(db, engine, actor, userTaskKey);
  if (!elementIds.includes(task.elementId) || !z.uuid().safeParse(task.businessKey).success)
    throw new AppError('not_found', 'this task has no such preview');
  await authorizeCase(db, engine, actor, task.businessKey!, { kind: 'task', userTaskKey });
  return { actor, task, caseId: task.businessKey!, locale };
}

export function pdfResponse(bytes: Uint8Array, fileName: string): Response {
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `inline; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

export function errorResponse(error: unknown, locale: Locale): Response {
  const t = messages(locale).taskForms;
  const text = (body: string, status: number) =>
    new Response(body, {
      status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  if (error instanceof TaskFormInvalid)
    return text(
      [
        t.errorSummary,
        ...error.problems.map((p) => `– ${fill(t.errors[p.code], { limit: p.limit ?? '' })}`),
      ].join('\n'),
      400,
    );
  if (error instanceof AppError) {
    const message =
      error.code === 'not_found'
        ? t.failures.not_found
        : error.code === 'unauthenticated'
          ? messages(locale).login.sessionExpired
          : t.failures.forbidden;
    return text(message, HTTP_STATUS[error.code]);
  }
  throw error;
}
