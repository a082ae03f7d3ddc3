// Fans the engine's user-task change hints out to the open work-queue pages of this web process
// (one engine watch per process, however many pages are open). A hint carries no client data:
// the page re-reads its queue through loadWorkQueue, which checks access and audits.
import type { Engine, UserTaskChange } from '@/engine';

export interface QueueSubscriber {
  userId: string;
  groups: ReadonlySet<string>;
  changed(): void;
}

interface Hub {
  subscribers: Set<QueueSubscriber>;
  watching: Promise<unknown> | null;
}

const hubs = new WeakMap<Engine, Hub>();

/** Whether a change may alter what this subscriber's queues show. */
export function concerns(change: UserTaskChange, sub: QueueSubscriber): boolean {
  return (
    change.resync ||
    change.assignee === sub.userId ||
    change.previousAssignee === sub.userId ||
    change.candidateGroups.some((g) => sub.groups.has(g))
  );
}

export async function subscribeToQueueChanges(
  engine: Engine,
  sub: QueueSubscriber,
): Promise<() => void> {
  let hub = hubs.get(engine);
  if (!hub) {
    hub = { subscribers: new Set(), watching: null };
    hubs.set(engine, hub);
  }
  const h = hub;
  h.watching ??= engine
    .watchUserTasks((change) => {
      for (const s of h.subscribers) if (concerns(change, s)) s.changed();
    })
    .catch((err: unknown) => {
      h.watching = null;
      throw err;
    });
  await h.watching;
  h.subscribers.add(sub);
  return () => {
    h.subscribers.delete(sub);
  };
}
