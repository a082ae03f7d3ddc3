// Records the outcome of a claimed page. Only the lease holder's attempt is written: a worker
// that lost its lease (it stalled and another worker took the page) changes nothing.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { ClaimedPage } from './claim-scan-page';
import type { ScanQueueSettings } from './queue-settings';
import { refreshBatchStatus } from './refresh-batch-status';

export type PageErrorCode = 'ocr_failed' | 'source_unreadable' | 'worker_stopped';

export async function completeScanPage(
  db: Database,
  page: ClaimedPage,
  workerId: string,
  result: { text: string; confidence: number; textLayerKey: string },
): Promise<boolean> {
  const updated = await db.execute(sql`
    UPDATE scan_pages SET status = 'done', text = ${result.text},
      confidence = ${result.confidence}, text_layer_key = ${result.textLayerKey},
      error_code = NULL, error = NULL, lease_owner = NULL, lease_expires_at = NULL,
      updated_at = now()
    WHERE id = ${page.id} AND status = 'running' AND lease_owner = ${workerId}
      AND attempts = ${page.attempts}
    RETURNING id`);
  if (updated.rows.length === 0) return false;
  await refreshBatchStatus(db, page.batchId);
  return true;
}

/** Queues the page again after a back-off, or reports it failed when attempts run out. */
export async function failScanPage(
  db: Database,
  page: ClaimedPage,
  workerId: string,
  failure: { code: PageErrorCode; message: string },
  settings: Pick<ScanQueueSettings, 'maxAttempts' | 'backoffMs'>,
): Promise<'retry' | 'failed' | 'lost'> {
  const backoffSeconds = (settings.backoffMs * 2 ** Math.max(0, page.attempts - 1)) / 1000;
  const updated = await db.execute<{ status: 'queued' | 'failed' }>(sql`
    UPDATE scan_pages SET
      status = (CASE WHEN attempts >= ${settings.maxAttempts} THEN 'failed' ELSE 'queued' END)::scan_status,
      run_after = now() + make_interval(secs => ${backoffSeconds}),
      error_code = ${failure.code}, error = ${failure.message.slice(0, 1000)},
      lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
    WHERE id = ${page.id} AND status = 'running' AND lease_owner = ${workerId}
      AND attempts = ${page.attempts}
    RETURNING status`);
  const row = updated.rows[0];
  if (!row) return 'lost';
  await refreshBatchStatus(db, page.batchId);
  return row.status === 'failed' ? 'failed' : 'retry';
}
