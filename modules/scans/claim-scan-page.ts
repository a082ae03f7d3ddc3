// Claims the next page to OCR: FOR UPDATE SKIP LOCKED, so any number of worker processes share
// the queue; the claim is a lease, and a page whose worker died is claimed again when it ends.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { refreshBatchStatus } from './refresh-batch-status';
import type { ScanQueueSettings } from './queue-settings';

export interface ClaimedPage {
  id: string;
  batchId: string;
  fileId: string;
  pageNumber: number;
  /** This attempt's number; with the worker id it fences late writes of a lost lease. */
  attempts: number;
}

export async function claimScanPage(
  db: Database,
  workerId: string,
  settings: Pick<ScanQueueSettings, 'maxAttempts' | 'leaseMs'>,
): Promise<ClaimedPage | null> {
  // Pages whose worker died on the last allowed attempt are reported, not redone forever.
  const expired = await db.execute<{ batch_id: string }>(sql`
    UPDATE scan_pages SET status = 'failed', error_code = 'worker_stopped',
      error = 'the worker stopped while recognising this page', lease_owner = NULL,
      lease_expires_at = NULL, updated_at = now()
    WHERE status = 'running' AND lease_expires_at < now() AND attempts >= ${settings.maxAttempts}
    RETURNING batch_id`);
  for (const batchId of new Set(expired.rows.map((r) => r.batch_id))) {
    await refreshBatchStatus(db, batchId);
  }

  const claimed = await db.execute<{
    id: string;
    batch_id: string;
    file_id: string;
    page_number: number;
    attempts: number;
  }>(sql`
    WITH next AS (
      SELECT id FROM scan_pages
      WHERE (status = 'queued' AND run_after <= now())
         OR (status = 'running' AND lease_expires_at < now())
      ORDER BY created_at, page_number
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE scan_pages p SET status = 'running', attempts = p.attempts + 1,
      lease_owner = ${workerId},
      lease_expires_at = now() + make_interval(secs => ${settings.leaseMs / 1000}),
      updated_at = now()
    FROM next WHERE p.id = next.id
    RETURNING p.id, p.batch_id, p.file_id, p.page_number, p.attempts`);
  const row = claimed.rows[0];
  if (!row) return null;
  await refreshBatchStatus(db, row.batch_id);
  return {
    id: row.id,
    batchId: row.batch_id,
    fileId: row.file_id,
    pageNumber: row.page_number,
    attempts: row.attempts,
  };
}
