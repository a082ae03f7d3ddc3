// The administrators' view of integrity incidents: list them, acknowledge one (audited).
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { integrityIncidents } from '@/db/archive-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';

export interface IntegrityIncidentRow {
  id: string;
  storageKey: string;
  problem: string;
  expectedSha256: string;
  actualSha256: string | null;
  source: 'read' | 'scrub';
  documentId: string | null;
  versionNo: number | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  occurrences: number;
  acknowledgedAt: Date | null;
}

function requireAdmin(actor: LoadedActor) {
  if (!actor.roles.includes('admin')) throw new AppError('forbidden', 'administrators only');
}

/**
 * Open incidents first, then the most recently acknowledged ones. Admins get no client data by
 * role: an incident names the stored object and the document id, not its title or client.
 */
export async function listIntegrityIncidents(
  db: Database,
  actor: LoadedActor,
  limit = 50,
): Promise<IntegrityIncidentRow[]> {
  requireAdmin(actor);
  return db
    .select({
      id: integrityIncidents.id,
      storageKey: integrityIncidents.storageKey,
      problem: integrityIncidents.problem,
      expectedSha256: integrityIncidents.expectedSha256,
      actualSha256: integrityIncidents.actualSha256,
      source: integrityIncidents.source,
      documentId: integrityIncidents.documentId,
      versionNo: integrityIncidents.versionNo,
      firstSeenAt: integrityIncidents.firstSeenAt,
      lastSeenAt: integrityIncidents.lastSeenAt,
      occurrences: integrityIncidents.occurrences,
      acknowledgedAt: integrityIncidents.acknowledgedAt,
    })
    .from(integrityIncidents)
    .orderBy(
      sql`${integrityIncidents.acknowledgedAt} IS NOT NULL`,
      desc(integrityIncidents.lastSeenAt),
    )
    .limit(limit);
}

export async function acknowledgeIntegrityIncident(
  db: Database,
  actor: LoadedActor,
  incidentId: string,
): Promise<void> {
  requireAdmin(actor);
  const [updated] = await db
    .update(integrityIncidents)
    .set({ acknowledgedAt: new Date(), acknowledgedBy: actor.userId })
    .where(and(eq(integrityIncidents.id, incidentId), isNull(integrityIncidents.acknowledgedAt)))
    .returning({ storageKey: integrityIncidents.storageKey });
  if (!updated) throw new AppError('not_found', 'no open incident with this id');
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'storage.incident_ack',
    details: { incidentId, storageKey: updated.storageKey },
  });
}
