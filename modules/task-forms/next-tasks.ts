// After a task is done: the case's open tasks the same person can work on next (the next step
// of a process often starts in the same transaction, e.g. the information request after an
// incomplete completeness check).
import type { Database } from '@/db/client';
import type { Engine, UserTask } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { caseForActor } from '@/modules/cases/open-case';
import { candidateGroupsOf } from '@/modules/tasks/candidate-groups';

export async function nextTasksAfter(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  userTaskKey: string,
): Promise<{ caseId: string | null; tasks: UserTask[] }> {
  const done = await engine.getUserTask(userTaskKey).catch(() => null);
  if (!done?.businessKey) return { caseId: null, tasks: [] };
  // Only someone who may handle the case learns anything about it (a refusal is audited).
  await caseForActor(db, actor, done.businessKey, `task:${userTaskKey}`);
  const groups = await candidateGroupsOf(db, actor);
  const open = await engine.searchUserTasks({
    businessKey: done.businessKey,
    state: 'CREATED',
    limit: 20,
  });
  return {
    caseId: done.businessKey,
    tasks: open.filter(
      (t) =>
        t.assignee === actor.userId ||
        (!t.assignee && t.candidateGroups.some((g) => groups.includes(g))),
    ),
  };
}
