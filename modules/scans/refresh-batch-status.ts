// Recomputes a batch's status from its pages and files after any change to them.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

type Executor = Pick<Database, 'execute'>;

export async function refreshBatchStatus(db: Executor, batchId: string): Promise<void> {
  await db.execute(sql`
    UPDATE scan_batches b SET status = (CASE
      WHEN EXISTS (SELECT 1 FROM scan_pages p WHERE p.batch_id = b.id AND p.status = 'running')
        THEN 'running'
      WHEN EXISTS (SELECT 1 FROM scan_pages p WHERE p.batch_id = b.id AND p.status = 'queued')
        THEN (CASE WHEN EXISTS (SELECT 1 FROM scan_pages p
                                WHERE p.batch_id = b.id AND p.status <> 'queued')
              THEN 'running' ELSE 'queued' END)
      WHEN EXISTS (SELECT 1 FROM scan_pages p WHERE p.batch_id = b.id AND p.status = 'failed')
        THEN 'failed'
      WHEN EXISTS (SELECT 1 FROM scan_files f WHERE f.batch_id = b.id AND f.status <> 'done')
        THEN 'running'
      ELSE 'done' END)::scan_status
    WHERE b.id = ${batchId}`);
}
