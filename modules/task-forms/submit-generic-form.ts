// Completes a task that has no purpose-built screen with its deployed form-js form: the values
// are read and checked against the form's own rules first (the engine checks again).
import type { Database } from '@/db/client';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { completeTask, taskForActor } from '@/modules/tasks/complete-task';
import { parseFormSchema } from './form-schema';
import { readFormSubmission, type Submitted } from './read-form-submission';
import { refuseIfAny } from './task-form-invalid';

export async function submitGenericForm(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
  submitted: Submitted,
): Promise<void> {
  const task = await taskForActor(db, engine, actor, userTaskKey);
  const items = task.form ? parseFormSchema(task.form) : [];
  const { values, errors } = readFormSubmission(items, submitted);
  refuseIfAny(errors);
  await completeTask(db, engine, actor, userTaskKey, values);
}
