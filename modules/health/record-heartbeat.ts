// Worker processes report in, so that /api/health can tell whether background work is running.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { workerHeartbeats } from '@/db/schema';

export async function recordHeartbeat(
  db: Database,
  worker: { workerId: string; hostname: string; pid: number; startedAt: Date },
): Promise<void> {
  await db
    .insert(workerHeartbeats)
    .values({ ...worker, lastSeenAt: new Date() })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: sql`now()` } });
}

export async function removeHeartbeat(db: Database, workerId: string): Promise<void> {
  await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
}
