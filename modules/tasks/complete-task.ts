// Claiming and completing user tasks on behalf of a staff member: only tasks of their groups
// (or assigned to them), and the four-eyes rule — whoever proposed a decision never approves it.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { cases } from '@/db/schema';
import type { Engine, UserTask, Variables } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import { candidateGroupsOf } from './candidate-groups';

/** The user-task elements whose completion proposes a decision, and the ones that approve it. */
const PROPOSING_ELEMENTS = new Set(['draft-decision']);
const APPROVING_ELEMENTS = new Set(['approve-decision']);

export async function taskForActor(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
): Promise<UserTask> {
  const task = await engine.getUserTask(userTaskKey).catch(() => null);
  if (!task || task.state !== 'CREATED')
    throw new AppError('not_found', 'no open task with this key');
  const groups = await candidateGroupsOf(db, actor);
  const mine =
    task.assignee === actor.userId ||
    task.candidateUsers.includes(actor.userId) ||
    task.candidateGroups.some((g) => groups.includes(g));
  if (!mine) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      details: {
        resource: 'user_task',
        userTaskKey,
        elementId: task.elementId,
        businessKey: task.businessKey,
      },
    });
    throw new AppError('forbidden', 'the task is not in your queues');
  }
  return task;
}

export async function claimTask(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
): Promise<void> {
  const task = await taskForActor(db, engine, actor, userTaskKey);
  if (task.assignee && task.assignee !== actor.userId)
    throw new AppError('invalid_input', 'the task is already claimed');
  await engine.claimUserTask(userTaskKey, actor.userId);
}

export async function completeTask(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
  variables: Variables,
): Promise<void> {
  const task = await taskForActor(db, engine, actor, userTaskKey);
  if (task.assignee && task.assignee !== actor.userId)
    throw new AppError('forbidden', 'the task is claimed by someone else');
  const extra: Variables = {};
  if (PROPOSING_ELEMENTS.has(task.elementId)) {
    extra.proposedBy = actor.userId;
  }
  if (APPROVING_ELEMENTS.has(task.elementId)) {
    if (task.variables.proposedBy === actor.userId) {
      await appendAudit(db, {
        actorUserId: actor.userId,
        actorName: actor.displayName,
        action: 'access.denied',
        details: {
          resource: 'user_task',
          userTaskKey,
          reason: 'four_eyes',
          businessKey: task.businessKey,
        },
      });
      throw new AppError('forbidden', 'the proposer of a decision cannot approve it');
    }
    extra.approvedBy = actor.userId;
  }
  // Values the actor must not set themselves are overwritten after theirs.
  await engine.completeUserTask(userTaskKey, { ...variables, ...extra });
  const [caseRow] =
    task.businessKey && z.uuid().safeParse(task.businessKey).success
      ? await db
          .select({ clientId: cases.clientId })
          .from(cases)
          .where(eq(cases.id, task.businessKey))
      : [];
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'case.update',
    clientId: caseRow?.clientId ?? null,
    purpose: `task ${task.elementId}`,
    details: {
      userTaskKey,
      elementId: task.elementId,
      businessKey: task.businessKey,
      variables: Object.keys(variables),
    },
  });
}
