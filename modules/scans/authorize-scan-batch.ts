// Who may work with scan batches: client-handling staff of the batch's unit. Before its files
// are linked to clients a batch is visible to that unit only; refusals are audited, and a
// refused batch looks the same as a missing one.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scanBatches } from '@/db/scans-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { CLIENT_HANDLING_ROLES } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';

export type ScanBatchRow = typeof scanBatches.$inferSelect;

export function handlesScans(actor: LoadedActor): boolean {
  return actor.roles.some((role) => CLIENT_HANDLING_ROLES.includes(role));
}

async function deny(
  db: Database,
  actor: LoadedActor,
  details: Record<string, unknown>,
): Promise<never> {
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'access.denied',
    purpose: 'scan batch',
    details: { resource: 'scan', ...details },
  });
  throw new AppError('forbidden', 'scan batches are not available to this user');
}

/** The unit a new batch belongs to: the given one, or the actor's first. */
export async function authorizeScanUnit(
  db: Database,
  actor: LoadedActor,
  unitId: string | undefined,
): Promise<string> {
  const unit = unitId ?? [...actor.unitIds].sort()[0];
  if (!handlesScans(actor) || !unit || !actor.unitIds.includes(unit)) {
    return deny(db, actor, { operation: 'upload', unitId: unit ?? null, reason: 'no_unit' });
  }
  return unit;
}

export async function authorizeScanBatch(
  db: Database,
  actor: LoadedActor,
  batchId: string,
  operation: string,
): Promise<ScanBatchRow> {
  const [batch] = await db.select().from(scanBatches).where(eq(scanBatches.id, batchId));
  if (!batch || !handlesScans(actor) || !actor.unitIds.includes(batch.unitId)) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      purpose: 'scan batch',
      details: { resource: 'scan', operation, batchId, reason: batch ? 'other_unit' : 'not_found' },
    });
    throw new AppError(batch ? 'forbidden' : 'not_found', 'no such scan batch for this user');
  }
  return batch;
}
