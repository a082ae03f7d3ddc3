// A person retries one failed page: only that page goes back to the queue, with fresh attempts.
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scanPages } from '@/db/scans-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import { authorizeScanBatch } from './authorize-scan-batch';
import { refreshBatchStatus } from './refresh-batch-status';

export async function retryScanPage(
  db: Database,
  actor: LoadedActor,
  pageId: string,
): Promise<void> {
  const [page] = await db.select().from(scanPages).where(eq(scanPages.id, pageId));
  if (!page) throw new AppError('not_found', 'no such page');
  await authorizeScanBatch(db, actor, page.batchId, 'retry');
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(scanPages)
      .set({ status: 'queued', attempts: 0, runAfter: new Date(), updatedAt: new Date() })
      .where(and(eq(scanPages.id, pageId), eq(scanPages.status, 'failed')))
      .returning({ id: scanPages.id });
    if (updated.length === 0) throw new AppError('invalid_input', 'only a failed page is retried');
    await refreshBatchStatus(tx, page.batchId);
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'scan.retry',
      purpose: 'scan batch',
      details: { resource: 'scan', batchId: page.batchId, pageId, pageNumber: page.pageNumber },
    });
  });
}
