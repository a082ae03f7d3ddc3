// Claim, release and (team leads) assign work-queue tasks on behalf of a staff member. Every
// rule is checked here, on the server; every change and every refusal is audited.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { cases, unitMemberships, units, users } from '@/db/schema';
import { EngineCommandError, type Engine, type UserTask } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import type { Role } from '@/modules/access/rules';
import { appendAudit, type AuditAction } from '@/modules/audit';
import { candidateGroupsFor } from '@/modules/tasks/candidate-groups';
import { isClientHandler } from './queues-of-actor';

export type TaskCommandError =
  'not_found' | 'forbidden' | 'already_claimed' | 'not_claimed' | 'invalid_assignee';

export type TaskCommandResult = { ok: true } | { ok: false; error: TaskCommandError };

async function groupsOf(db: Database, userId: string, roles: readonly Role[]) {
  const rows = await db
    .select({ code: units.code })
    .from(unitMemberships)
    .innerJoin(units, eq(units.id, unitMemberships.unitId))
    .where(eq(unitMemberships.userId, userId));
  return candidateGroupsFor(
    roles,
    rows.map((r) => r.code),
  ).filter((g) => g !== 'archivists');
}

async function clientOfCase(db: Database, businessKey: string | null): Promise<string | null> {
  if (!businessKey || !z.uuid().safeParse(businessKey).success) return null;
  const [row] = await db
    .select({ clientId: cases.clientId })
    .from(cases)
    .where(eq(cases.id, businessKey));
  return row?.clientId ?? null;
}

async function audit(
  db: Database,
  actor: LoadedActor,
  action: AuditAction,
  task: UserTask | null,
  userTaskKey: string,
  extra: Record<string, unknown> = {},
) {
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action,
    clientId: action === 'access.denied' ? null : await clientOfCase(db, task?.businessKey ?? null),
    purpose: task ? `work queue: task ${task.elementId}` : null,
    details: {
      resource: 'user_task',
      userTaskKey,
      elementId: task?.elementId ?? null,
      businessKey: task?.businessKey ?? null,
      ...extra,
    },
  });
}

interface Context {
  task: UserTask;
  /** The task is in one of the actor's queues. */
  inQueues: boolean;
  leads: boolean;
}

async function load(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
): Promise<Context | null> {
  if (!/^\d{1,19}$/.test(userTaskKey)) return null;
  const task = await engine.getUserTask(userTaskKey).catch((err: unknown) => {
    if (err instanceof EngineCommandError) return null;
    throw err;
  });
  if (!task || task.state !== 'CREATED') return null;
  const groups = isClientHandler(actor.roles) ? await groupsOf(db, actor.userId, actor.roles) : [];
  const inQueues =
    task.candidateGroups.some((g) => groups.includes(g)) ||
    task.candidateUsers.includes(actor.userId) ||
    task.assignee === actor.userId;
  const leads =
    actor.roles.includes('team_lead') && task.candidateGroups.some((g) => groups.includes(g));
  return { task, inQueues, leads };
}

async function refuse(
  db: Database,
  actor: LoadedActor,
  ctx: Context,
  userTaskKey: string,
  command: string,
): Promise<TaskCommandResult> {
  await audit(db, actor, 'access.denied', ctx.task, userTaskKey, { command });
  return { ok: false, error: 'forbidden' };
}

/** Takes an unclaimed task of one's own queues. */
export async function claimQueueTask(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
): Promise<TaskCommandResult> {
  const ctx = await load(db, engine, actor, userTaskKey);
  if (!ctx) return { ok: false, error: 'not_found' };
  if (!ctx.inQueues) return refuse(db, actor, ctx, userTaskKey, 'claim');
  if (ctx.task.assignee === actor.userId) return { ok: true };
  if (ctx.task.assignee) return { ok: false, error: 'already_claimed' };
  try {
    await engine.claimUserTask(userTaskKey, actor.userId);
  } catch (err) {
    // Someone else was quicker: the engine claims only an unassigned task.
    if (err instanceof EngineCommandError) return { ok: false, error: 'already_claimed' };
    throw err;
  }
  await audit(db, actor, 'task.claim', ctx.task, userTaskKey);
  return { ok: true };
}

/** Puts a claimed task back in its queue: one's own, or (team lead) anyone's in the unit. */
export async function releaseQueueTask(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
): Promise<TaskCommandResult> {
  const ctx = await load(db, engine, actor, userTaskKey);
  if (!ctx) return { ok: false, error: 'not_found' };
  if (!ctx.task.assignee) return { ok: false, error: 'not_claimed' };
  if (ctx.task.assignee !== actor.userId && !ctx.leads)
    return refuse(db, actor, ctx, userTaskKey, 'unclaim');
  try {
    await engine.unclaimUserTask(userTaskKey);
  } catch (err) {
    if (err instanceof EngineCommandError) return { ok: false, error: 'not_found' };
    throw err;
  }
  await audit(db, actor, 'task.unclaim', ctx.task, userTaskKey, {
    previousAssignee: ctx.task.assignee,
  });
  return { ok: true };
}

/** Team leads only: gives a task of their unit's queues to a person who works in that queue. */
export async function assignQueueTask(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
  assigneeUserId: string,
): Promise<TaskCommandResult> {
  const ctx = await load(db, engine, actor, userTaskKey);
  if (!ctx) return { ok: false, error: 'not_found' };
  if (!ctx.leads) return refuse(db, actor, ctx, userTaskKey, 'assign');
  const [target] = z.uuid().safeParse(assigneeUserId).success
    ? await db
        .select({ id: users.id, roles: users.roles })
        .from(users)
        .where(and(eq(users.id, assigneeUserId), eq(users.active, true)))
    : [];
  const targetGroups = target ? await groupsOf(db, target.id, target.roles as Role[]) : [];
  if (!target || !ctx.task.candidateGroups.some((g) => targetGroups.includes(g)))
    return { ok: false, error: 'invalid_assignee' };
  if (ctx.task.assignee === target.id) return { ok: true };
  try {
    await engine.assignUserTask(userTaskKey, target.id);
  } catch (err) {
    if (err instanceof EngineCommandError) return { ok: false, error: 'not_found' };
    throw err;
  }
  await audit(db, actor, 'task.assign', ctx.task, userTaskKey, {
    assignee: target.id,
    previousAssignee: ctx.task.assignee,
  });
  return { ok: true };
}
