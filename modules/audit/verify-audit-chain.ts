// Walks the audit chain in order and reports the first row whose link or content does not match.
import { asc, gt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog } from '@/db/schema';
import { GENESIS_HASH, auditRowHash } from './append-audit';

export type AuditChainReport =
  | { ok: true; rows: number; lastSeq: number | null }
  | {
      ok: false;
      rows: number;
      /** The first row that does not fit: changed, or following a deleted row. */
      brokenAtSeq: number;
      reason: 'content_changed' | 'link_broken';
    };

export async function verifyAuditChain(db: Database, batchSize = 5000): Promise<AuditChainReport> {
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let rows = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, afterSeq))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    for (const row of batch) {
      if (row.prevHash !== prevHash) {
        return { ok: false, rows, brokenAtSeq: row.seq, reason: 'link_broken' };
      }
      if (auditRowHash(prevHash, row) !== row.hash) {
        return { ok: false, rows, brokenAtSeq: row.seq, reason: 'content_changed' };
      }
      prevHash = row.hash;
      afterSeq = row.seq;
      rows += 1;
    }
    if (batch.length < batchSize) return { ok: true, rows, lastSeq: rows ? afterSeq : null };
  }
}
