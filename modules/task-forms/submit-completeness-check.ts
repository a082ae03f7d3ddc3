// The completeness check: each required item of the application is present (or not needed),
// and the caseworker's verdict. "Complete" needs every item in order; "incomplete" needs at
// least one missing item, which the request for additional information then offers.
import { z } from 'zod';
import type { Database } from '@/db/client';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { completeTask } from '@/modules/tasks/complete-task';
import type { FieldError, Submitted } from './read-form-submission';
import { COMPLETENESS_ITEMS } from './screens';
import { refuseIfAny } from './task-form-invalid';

const verdict = z.enum(['complete', 'incomplete']);

export async function submitCompletenessCheck(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
  submitted: Submitted,
): Promise<{ complete: boolean; missingItems: string[] }> {
  const problems: FieldError[] = [];
  const present = new Set([submitted.present ?? []].flat());
  const missingItems = COMPLETENESS_ITEMS.filter((item) => !present.has(item));
  const parsedVerdict = verdict.safeParse(submitted.verdict);
  const note = String([submitted.completenessNote ?? ''].flat()[0]).trim();
  if (!parsedVerdict.success) problems.push({ key: 'verdict', code: 'required' });
  else if (parsedVerdict.data === 'complete' && missingItems.length)
    problems.push({ key: 'present', code: 'items_missing' });
  else if (parsedVerdict.data === 'incomplete' && !missingItems.length)
    problems.push({ key: 'present', code: 'nothing_missing' });
  if (note.length > 2000)
    problems.push({ key: 'completenessNote', code: 'maxLength', limit: 2000 });
  refuseIfAny(problems);

  const complete = parsedVerdict.data === 'complete';
  // The request task is due by the statutory decision deadline (the model reads decisionDueAt).
  await completeTask(db, engine, actor, userTaskKey, {
    complete,
    ...(note ? { completenessNote: note } : {}),
    completenessMissingItems: missingItems,
  });
  return { complete, missingItems };
}
