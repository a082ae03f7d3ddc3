// For admins: notices that failed on every attempt, and how many wait. No client data: no
// client, no address (masked in the reason), no content; a reason and the times only.
import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { notificationOutbox } from '@/db/paths-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { AppError } from '@/modules/errors';

export interface FailedNotice {
  id: string;
  createdAt: Date;
  failedAt: Date | null;
  attempts: number;
  reason: string | null;
}

export async function listNoticeProblems(
  db: Database,
  actor: LoadedActor,
): Promise<{ pending: number; failed: FailedNotice[] }> {
  if (!actor.roles.includes('admin')) throw new AppError('forbidden', 'admins only');
  const [counts] = await db
    .select({ pending: sql<number>`count(*)::int` })
    .from(notificationOutbox)
    .where(eq(notificationOutbox.status, 'pending'));
  const failed = await db
    .select({
      id: notificationOutbox.id,
      createdAt: notificationOutbox.createdAt,
      failedAt: notificationOutbox.failedAt,
      attempts: notificationOutbox.attempts,
      reason: notificationOutbox.lastError,
    })
    .from(notificationOutbox)
    .where(eq(notificationOutbox.status, 'failed'))
    .orderBy(desc(notificationOutbox.failedAt))
    .limit(50);
  return { pending: counts?.pending ?? 0, failed };
}
