// The scanned documents a caseworker can register as a paper application: scans already
// confirmed as a client's document (modules/scans), of clients the caseworker's units handle,
// not yet part of a case — with their OCR text, grouped by scanning batch. Audited as a listing.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { clients } from '@/db/schema';
import { scanFiles, scanLinkProposals } from '@/db/scans-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { CLIENT_HANDLING_ROLES } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { maskIdentityCode } from '@/modules/clients/identity-code';

export interface IntakeScan {
  documentId: string;
  batchId: string;
  fileName: string;
  title: string;
  createdAt: Date;
  text: string;
  clientId: string;
  clientName: string;
  maskedIdentityCode: string;
}

export async function listIntakeScans(db: Database, actor: LoadedActor): Promise<IntakeScan[]> {
  if (!actor.roles.some((r) => CLIENT_HANDLING_ROLES.includes(r)) || !actor.unitIds.length)
    return [];
  const rows = await db
    .select({
      documentId: documents.id,
      batchId: scanFiles.batchId,
      fileName: scanFiles.fileName,
      title: documents.title,
      createdAt: documents.createdAt,
      text: documents.contentText,
      clientId: clients.id,
      firstNames: clients.firstNames,
      lastName: clients.lastName,
      identityCode: clients.identityCode,
    })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .innerJoin(scanLinkProposals, eq(scanLinkProposals.documentId, documents.id))
    .innerJoin(scanFiles, eq(scanFiles.id, scanLinkProposals.fileId))
    .where(
      and(
        eq(documents.sourceChannel, 'scan'),
        isNull(documents.caseId),
        isNull(documents.disposedAt),
        eq(scanLinkProposals.status, 'confirmed'),
        inArray(clients.responsibleUnitId, [...actor.unitIds]),
      ),
    )
    .orderBy(desc(documents.createdAt), asc(scanFiles.fileName))
    .limit(200);
  const scans = rows.map((r) => ({
    documentId: r.documentId,
    batchId: r.batchId,
    fileName: r.fileName,
    title: r.title,
    createdAt: r.createdAt,
    text: r.text ?? '',
    clientId: r.clientId,
    clientName: `${r.firstNames} ${r.lastName}`,
    maskedIdentityCode: maskIdentityCode(r.identityCode),
  }));
  if (scans.length) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'document.list',
      purpose: 'intake: scanned paper applications',
      details: { clientIds: [...new Set(scans.map((s) => s.clientId))], count: scans.length },
    });
  }
  return scans;
}
