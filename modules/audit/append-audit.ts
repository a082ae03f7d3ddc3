// Writes one row of the append-only, hash-chained audit log.
import { createHash } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog } from '@/db/schema';

export type AuditAction =
  | 'login'
  | 'login_failed'
  | 'login_locked'
  | 'logout'
  | 'client.read'
  | 'client.list'
  | 'client.update'
  | 'client.create'
  | 'access.denied'
  | 'user.update'
  | 'user.create'
  | 'case.create'
  | 'case.update'
  | 'case.read'
  | 'case.list'
  | 'case.reply'
  | 'case.appeal'
  | 'case.note.create'
  | 'case.contact.create'
  | 'document.create'
  | 'document.list'
  | 'document.read'
  | 'document.search'
  | 'scan.upload'
  | 'scan.read'
  | 'scan.retry'
  | 'scan.reject'
  | 'audit.verify'
  | 'config.update'
  | 'document.deliver'
  | 'document.dispose'
  | 'disposal.propose'
  | 'disposal.review'
  | 'document.legal_hold'
  | 'storage.integrity'
  | 'storage.incident_ack'
  | 'court_appeal.record'
  | 'court_appeal.outcome'
  | 'court_appeal.list'
  | 'task.claim'
  | 'task.unclaim'
  | 'task.assign'
  | 'application.draft_read'
  | 'application.draft_save'
  | 'application.submit'
  | 'delivery_consent.give'
  | 'delivery_consent.withdraw'
  | 'notice.send'
  | 'notice.fail';

export interface AuditEntry {
  actorUserId?: string | null;
  /** A readable name for the actor, kept even if the user is later removed. */
  actorName: string;
  action: AuditAction;
  clientId?: string | null;
  /** Why the data was processed: the task being worked on or a reason given by the user. */
  purpose?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: object keys sorted at every level, so jsonb's own key order never matters. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashedFields {
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorName: string;
  action: string;
  clientId: string | null;
  purpose: string | null;
  details: Record<string, unknown>;
}

export function auditRowHash(prevHash: string, row: HashedFields): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    action: row.action,
    clientId: row.clientId,
    purpose: row.purpose,
    details: row.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

type Executor = Pick<Database, 'transaction'>;

/**
 * Appends a row. Runs in its own transaction (or a savepoint of the caller's), serialised by an
 * advisory lock so that the chain stays linear with many writers.
 */
export async function appendAudit(
  db: Executor,
  entry: AuditEntry,
): Promise<{ seq: number; hash: string }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('audit_log'))`);
    const [last] = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const seqResult = await tx.execute<{ seq: string }>(
      sql`SELECT nextval(pg_get_serial_sequence('audit_log', 'seq'))::text AS seq`,
    );
    const seq = Number(seqResult.rows[0]!.seq);
    const at = new Date();
    const fields: HashedFields = {
      seq,
      at,
      actorUserId: entry.actorUserId ?? null,
      actorName: entry.actorName,
      action: entry.action,
      clientId: entry.clientId ?? null,
      purpose: entry.purpose ?? null,
      details: entry.details ?? {},
    };
    const hash = auditRowHash(prevHash, fields);
    await tx.insert(auditLog).values({ ...fields, prevHash, hash });
    return { seq, hash };
  });
}
