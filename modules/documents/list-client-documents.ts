// A client's documents with their versions, newest first; the read is audited.
import { desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documentVersions, documents } from '@/db/documents-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { authorizeClientDocuments } from './authorize-client-documents';
import type { DocumentRow, DocumentVersionRow } from './store-uploaded-document';

export interface ClientDocument extends Omit<
  DocumentRow,
  'contentText' | 'searchFi' | 'searchSv' | 'searchForms'
> {
  versions: DocumentVersionRow[];
}

export async function listClientDocuments(
  db: Database,
  actor: LoadedActor,
  clientId: string,
  purpose: string | null,
): Promise<ClientDocument[]> {
  const basis = await authorizeClientDocuments(db, actor, clientId, purpose, {
    resource: 'documents',
    operation: 'list',
  });
  const rows = await db
    .select({
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
    })
    .from(documents)
    .where(eq(documents.clientId, clientId))
    .orderBy(desc(documents.createdAt), desc(documents.id));
  const versions = rows.length
    ? await db
        .select()
        .from(documentVersions)
        .where(
          inArray(
            documentVersions.documentId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(documentVersions.versionNo)
    : [];
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'document.list',
    clientId,
    purpose: purpose ?? 'documents',
    details: { resource: 'documents', operation: 'list', count: rows.length, basis },
  });
  return rows.map((row) => ({
    ...row,
    versions: versions.filter((v) => v.documentId === row.id),
  }));
}
