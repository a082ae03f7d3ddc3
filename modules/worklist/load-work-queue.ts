// One page of a work queue for a staff member: the engine's user-task page (sorted, keyset-paged,
// counted) joined with the cases and clients of that page only; the listing is audited.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { cases, clients, users } from '@/db/schema';
import { EngineCommandError, type Engine, type UserTaskPageQuery } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { addDays, type IsoDate } from '@/modules/calendar/finnish-calendar';
import { helsinkiDateTime, helsinkiToday } from '@/modules/calendar/helsinki-time';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { deadlineStatus, type DeadlineStatus } from './deadline-status';
import type { QueueView, QueueViewField } from './queue-view';
import {
  queuesOfActor,
  type ActorQueues,
  type QueueMember,
  type QueueTab,
} from './queues-of-actor';

export const QUEUE_PAGE_SIZE = 25;
/** Beyond this the page says "more than 500 tasks": counting further costs time and tells nobody anything. */
export const QUEUE_COUNT_LIMIT = 500;

export interface WorkQueueRow {
  userTaskKey: string;
  elementId: string;
  bpmnProcessId: string;
  taskName: string | null;
  caseId: string | null;
  caseNumber: string | null;
  clientName: string | null;
  maskedIdentityCode: string | null;
  urgent: boolean;
  priority: number;
  /** The statutory decision deadline of the case (else the task's own due day). */
  dueOn: IsoDate | null;
  deadline: DeadlineStatus;
  createdAt: Date;
  assignee: { userId: string; displayName: string } | null;
  candidateGroups: string[];
  /** What the actor may do with this task here. */
  canClaim: boolean;
  canRelease: boolean;
  /** People this task may be assigned to (team leads only; empty otherwise). */
  assignableTo: QueueMember[];
}

export type WorkQueueResult =
  | { kind: 'no_queues' }
  | { kind: 'refused'; queues: ActorQueues }
  | {
      kind: 'ok';
      queues: ActorQueues;
      tab: QueueTab;
      rows: WorkQueueRow[];
      total: number;
      totalCapped: boolean;
      next: string | null;
      previous: string | null;
      /** Fields of the view that were not acceptable (the page shows them; nothing was filtered). */
      invalid: QueueViewField[];
    };

export interface WorkQueueRequest {
  view: QueueView;
  invalid?: QueueViewField[];
  after?: string;
  before?: string;
  pageSize?: number;
  now?: Date;
}

const endOfDay = (date: IsoDate) =>
  new Date(new Date(helsinkiDateTime(addDays(date, 1))).getTime() - 1);
const startOfDay = (date: IsoDate) => new Date(helsinkiDateTime(date));

export async function loadWorkQueue(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  request: WorkQueueRequest,
): Promise<WorkQueueResult> {
  const queues = await queuesOfActor(db, actor);
  if (!queues) return { kind: 'no_queues' };
  const { view } = request;
  const invalid: QueueViewField[] = [];
  const now = request.now ?? new Date();

  const tab = queues.tabs.find((t) => t.id === view.tab);
  if (!tab) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      details: { resource: 'work_queue', tab: view.tab },
    });
    return { kind: 'refused', queues };
  }

  const query: UserTaskPageQuery = {
    sort: view.sort === 'priority' ? 'priority' : 'dueDate',
    limit: request.pageSize ?? QUEUE_PAGE_SIZE,
    countLimit: QUEUE_COUNT_LIMIT,
    after: request.after,
    before: request.after ? undefined : request.before,
  };
  let groups = tab.kind === 'mine' ? queues.groups : tab.kind === 'all' ? tab.groups : [tab.group];
  if (tab.kind === 'mine') query.assignee = actor.userId;
  else query.candidateGroups = groups;
  if (view.unit) {
    const unit = queues.units.find((u) => u.id === view.unit);
    if (!unit) invalid.push('unit');
    else {
      groups = groups.filter((g) => g.endsWith(`:${unit.code}`));
      query.candidateGroups = groups;
    }
  }
  if (view.assignee && tab.kind !== 'mine') {
    if (view.assignee === 'none') query.assigned = false;
    else if (queues.members.some((m) => m.userId === view.assignee)) query.assignee = view.assignee;
    else invalid.push('assignee');
  }
  if (view.process) query.bpmnProcessId = view.process;
  if (view.task) query.elementId = view.task;
  if (view.dueFrom || view.dueTo || view.overdue) {
    query.due = {
      from: view.dueFrom ? startOfDay(view.dueFrom) : undefined,
      to: view.dueTo ? endOfDay(view.dueTo) : undefined,
    };
    if (view.overdue && (!query.due.to || query.due.to > now)) query.due.to = now;
  }
  if (view.followFrom || view.followTo) {
    query.followUp = {
      from: view.followFrom ? startOfDay(view.followFrom) : undefined,
      to: view.followTo ? endOfDay(view.followTo) : undefined,
    };
  }
  if (view.urgent) query.variables = { urgent: true };

  if (invalid.length) {
    // Show the queue as it is, unfiltered, beside the error (nothing half-applied).
    return loadWorkQueue(db, engine, actor, {
      view: { tab: view.tab, sort: view.sort },
      invalid: [...(request.invalid ?? []), ...invalid],
      now,
      pageSize: request.pageSize,
    });
  }

  let page;
  try {
    page = await engine.searchUserTaskPage(query);
  } catch (err) {
    if (
      err instanceof EngineCommandError &&
      err.code === 'INVALID_ARGUMENT' &&
      (query.after || query.before)
    ) {
      // A stale or edited page link: start again from the first page.
      return loadWorkQueue(db, engine, actor, { ...request, after: undefined, before: undefined });
    }
    throw err;
  }

  const caseIds = [
    ...new Set(
      page.items
        .map((t) => t.businessKey)
        .filter((k): k is string => !!k && z.uuid().safeParse(k).success),
    ),
  ];
  const caseRows = caseIds.length
    ? await db
        .select({
          id: cases.id,
          caseNumber: cases.caseNumber,
          urgent: cases.urgent,
          decisionDueOn: cases.decisionDueOn,
          clientId: clients.id,
          firstNames: clients.firstNames,
          lastName: clients.lastName,
          identityCode: clients.identityCode,
        })
        .from(cases)
        .innerJoin(clients, eq(clients.id, cases.clientId))
        .where(inArray(cases.id, caseIds))
    : [];
  const caseById = new Map(caseRows.map((c) => [c.id, c]));
  const assigneeIds = [...new Set(page.items.map((t) => t.assignee).filter((a) => a !== null))];
  const names = new Map(
    (assigneeIds.length
      ? await db
          .select({ id: users.id, displayName: users.displayName })
          .from(users)
          .where(inArray(users.id, assigneeIds as string[]))
      : []
    ).map((u) => [u.id, u.displayName]),
  );

  const today = helsinkiToday(now);
  const mineGroups = new Set(queues.groups);
  const rows = page.items.map((task): WorkQueueRow => {
    const c = task.businessKey ? caseById.get(task.businessKey) : undefined;
    const dueOn = c?.decisionDueOn ?? (task.dueDate ? helsinkiToday(task.dueDate) : null);
    const inMyGroups = task.candidateGroups.some((g) => mineGroups.has(g));
    const leads = queues.isTeamLead && inMyGroups;
    return {
      userTaskKey: task.userTaskKey,
      elementId: task.elementId,
      bpmnProcessId: task.bpmnProcessId,
      taskName: task.name,
      caseId: c?.id ?? null,
      caseNumber: c?.caseNumber ?? null,
      clientName: c ? `${c.lastName}, ${c.firstNames}` : null,
      maskedIdentityCode: c ? maskIdentityCode(c.identityCode) : null,
      urgent: c?.urgent ?? false,
      priority: task.priority,
      dueOn,
      deadline: deadlineStatus(dueOn, today),
      createdAt: task.createdAt,
      assignee: task.assignee
        ? { userId: task.assignee, displayName: names.get(task.assignee) ?? task.assignee }
        : null,
      candidateGroups: task.candidateGroups,
      canClaim: task.assignee === null && inMyGroups,
      canRelease: task.assignee !== null && (task.assignee === actor.userId || leads),
      assignableTo: leads
        ? queues.members.filter(
            (m) =>
              m.userId !== task.assignee && m.groups.some((g) => task.candidateGroups.includes(g)),
          )
        : [],
    };
  });

  const clientIds = [...new Set(caseRows.map((c) => c.clientId))];
  if (rows.length) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'client.list',
      purpose: `work queue: ${tab.id}`,
      details: { tab: tab.id, clientIds, userTaskKeys: rows.map((r) => r.userTaskKey) },
    });
  }

  return {
    kind: 'ok',
    queues,
    tab,
    rows,
    total: page.total,
    totalCapped: page.totalCapped,
    next: page.next,
    previous: page.previous,
    invalid: request.invalid ?? [],
  };
}
