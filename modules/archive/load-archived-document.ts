// The archivist's detail view of one document: metadata, versions with sizes and SHA-256,
// retention, the legal-hold history. Access as for the document itself; the view is audited.
import { asc, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documentLegalHolds } from '@/db/archive-schema';
import { documentVersions, documents } from '@/db/documents-schema';
import { cases, clients, users } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { authorizeClientDocuments } from '@/modules/documents/authorize-client-documents';
import type { DocumentRow, DocumentVersionRow } from '@/modules/documents/store-uploaded-document';
import { AppError } from '@/modules/errors';
import { retentionState, type RetentionState } from './retention-state';

export interface LegalHoldEvent {
  hold: boolean;
  reason: string;
  actorName: string;
  at: Date;
}

export interface ArchivedDocument {
  document: Omit<DocumentRow, 'contentText' | 'searchFi' | 'searchSv' | 'searchForms'>;
  clientName: string;
  caseNumber: string | null;
  createdByName: string | null;
  retentionState: RetentionState;
  versions: DocumentVersionRow[];
  legalHoldHistory: LegalHoldEvent[];
}

export async function loadArchivedDocument(
  db: Database,
  actor: LoadedActor,
  documentId: string,
  purpose: string | null,
  now: Date = new Date(),
): Promise<ArchivedDocument> {
  const [row] = await db
    .select({
      document: {
        id: documents.id,
        clientId: documents.clientId,
        caseId: documents.caseId,
        type: documents.type,
        title: documents.title,
        language: documents.language,
        sourceChannel: documents.sourceChannel,
        createdBy: documents.createdBy,
        createdAt: documents.createdAt,
        signatureStatus: documents.signatureStatus,
        retentionClass: documents.retentionClass,
        disposalDate: documents.disposalDate,
        legalHold: documents.legalHold,
        disposedAt: documents.disposedAt,
      },
      clientFirstNames: clients.firstNames,
      clientLastName: clients.lastName,
      caseNumber: cases.caseNumber,
      createdByName: users.displayName,
    })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .leftJoin(cases, eq(cases.id, documents.caseId))
    .leftJoin(users, eq(users.id, documents.createdBy))
    .where(eq(documents.id, documentId))
    .limit(1);
  if (!row) throw new AppError('not_found', 'no such document');
  const basis = await authorizeClientDocuments(db, actor, row.document.clientId, purpose, {
    resource: 'document',
    operation: 'metadata',
    documentId,
  });
  const [versions, holds] = await Promise.all([
    db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
      .orderBy(asc(documentVersions.versionNo)),
    db
      .select({
        hold: documentLegalHolds.hold,
        reason: documentLegalHolds.reason,
        actorName: documentLegalHolds.actorName,
        at: documentLegalHolds.at,
      })
      .from(documentLegalHolds)
      .where(eq(documentLegalHolds.documentId, documentId))
      .orderBy(desc(documentLegalHolds.at)),
  ]);
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'document.read',
    clientId: row.document.clientId,
    purpose: purpose ?? 'document details',
    details: { resource: 'document', operation: 'metadata', documentId, basis },
  });
  return {
    document: row.document,
    clientName: `${row.clientFirstNames} ${row.clientLastName}`,
    caseNumber: row.caseNumber,
    createdByName: row.createdByName,
    retentionState: retentionState(row.document, helsinkiToday(now)),
    versions,
    legalHoldHistory: holds,
  };
}
