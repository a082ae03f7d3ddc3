// Opens one version of a document for reading: access on the document's client, an audit row,
// and a stream the store verifies against the SHA-256 recorded for the version.
import { and, eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import type { Database } from '@/db/client';
import { documentVersions, documents } from '@/db/documents-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import { IntegrityError, sha256OfKey, type ObjectStore } from '../../storage/port';
import { authorizeClientDocuments } from './authorize-client-documents';
import type { DocumentRow, DocumentVersionRow } from './store-uploaded-document';

export interface OpenedDocumentVersion {
  document: DocumentRow;
  version: DocumentVersionRow;
  /** Fails with an IntegrityError at its end when the bytes do not match the recorded hash. */
  stream: Readable;
}

export async function openDocumentVersion(
  db: Database,
  store: ObjectStore,
  actor: LoadedActor,
  documentId: string,
  versionNo: number,
  purpose: string | null,
): Promise<OpenedDocumentVersion> {
  const [row] = await db
    .select({ document: documents, version: documentVersions })
    .from(documents)
    .innerJoin(
      documentVersions,
      and(eq(documentVersions.documentId, documents.id), eq(documentVersions.versionNo, versionNo)),
    )
    .where(eq(documents.id, documentId))
    .limit(1);
  if (!row) throw new AppError('not_found', 'no such document version');
  const { document, version } = row;
  const basis = await authorizeClientDocuments(db, actor, document.clientId, purpose, {
    resource: 'document',
    operation: 'download',
    documentId,
    versionNo,
  });
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'document.read',
    clientId: document.clientId,
    purpose: purpose ?? 'document download',
    details: { resource: 'document', operation: 'download', documentId, versionNo, basis },
  });
  // The key is the content address; a row pointing at other bytes is tampering.
  if (sha256OfKey(version.storageKey) !== version.sha256) {
    throw new IntegrityError(version.storageKey, version.sha256, version.size);
  }
  const stream = await store.get(version.storageKey);
  return { document, version, stream };
}
