// Records a corrupt or unreadable stored object: an incident for administrators (one open
// incident per object, repeated detections counted) and an audit row naming the affected client.
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { integrityIncidents } from '@/db/archive-schema';
import { documentVersions, documents } from '@/db/documents-schema';
import { appendAudit } from '@/modules/audit';
import { sha256OfKey } from '../../storage/port';

export interface IntegrityFinding {
  storageKey: string;
  problem: 'integrity' | 'unreadable';
  actualSha256?: string | null;
  actualSize?: number | null;
  detail?: string | null;
  source: 'read' | 'scrub';
  /** The user whose read found it; none for the scrub command. */
  actor?: { userId: string; displayName: string } | null;
  /** The version being read, when known; otherwise looked up by storage key. */
  documentId?: string | null;
  versionNo?: number | null;
}

export interface RecordedIncident {
  id: string;
  occurrences: number;
}

function expectedSha256(key: string): string {
  try {
    return sha256OfKey(key);
  } catch {
    return '';
  }
}

export async function recordIntegrityIncident(
  db: Database,
  finding: IntegrityFinding,
): Promise<RecordedIncident> {
  let documentId = finding.documentId ?? null;
  let versionNo = finding.versionNo ?? null;
  let clientId: string | null = null;
  if (documentId) {
    const [doc] = await db
      .select({ clientId: documents.clientId })
      .from(documents)
      .where(eq(documents.id, documentId));
    clientId = doc?.clientId ?? null;
  } else {
    const [row] = await db
      .select({
        documentId: documentVersions.documentId,
        versionNo: documentVersions.versionNo,
        clientId: documents.clientId,
      })
      .from(documentVersions)
      .innerJoin(documents, eq(documents.id, documentVersions.documentId))
      .where(eq(documentVersions.storageKey, finding.storageKey))
      .orderBy(asc(documentVersions.createdAt))
      .limit(1);
    if (row) ({ documentId, versionNo, clientId } = row);
  }

  const [incident] = await db
    .insert(integrityIncidents)
    .values({
      storageKey: finding.storageKey,
      problem: finding.problem,
      expectedSha256: expectedSha256(finding.storageKey),
      actualSha256: finding.actualSha256 ?? null,
      actualSize: finding.actualSize ?? null,
      detail: finding.detail?.slice(0, 1000) ?? null,
      source: finding.source,
      documentId,
      versionNo,
      detectedBy: finding.actor?.userId ?? null,
    })
    .onConflictDoUpdate({
      target: integrityIncidents.storageKey,
      targetWhere: sql`${integrityIncidents.acknowledgedAt} IS NULL`,
      set: {
        occurrences: sql`${integrityIncidents.occurrences} + 1`,
        lastSeenAt: sql`now()`,
        actualSha256: sql`excluded.actual_sha256`,
        actualSize: sql`excluded.actual_size`,
        detail: sql`excluded.detail`,
      },
    })
    .returning({ id: integrityIncidents.id, occurrences: integrityIncidents.occurrences });

  await appendAudit(db, {
    actorUserId: finding.actor?.userId ?? null,
    actorName: finding.actor?.displayName ?? 'storage scrub',
    action: 'storage.integrity',
    clientId,
    details: {
      incidentId: incident!.id,
      storageKey: finding.storageKey,
      problem: finding.problem,
      actualSha256: finding.actualSha256 ?? null,
      source: finding.source,
      documentId,
      versionNo,
    },
  });
  return incident!;
}
