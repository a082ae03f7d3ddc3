// Opens one version of a document for reading: access on the document's client, an audit row,
// and a stream the store verifies against the SHA-256 recorded for the version.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documentVersions, documents } from '@/db/documents-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { recordIntegrityIncident } from '@/modules/archive/record-integrity-incident';
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

/** The stored bytes of a version are corrupt: the reader gets this, an admin gets an incident. */
export class DocumentIntegrityError extends Error {
  readonly code = 'integrity' as const;
  constructor(
    readonly documentId: string,
    readonly versionNo: number,
  ) {
    super(`The stored bytes of document ${documentId} version ${versionNo} are corrupt`);
    this.name = 'DocumentIntegrityError';
  }
}

export interface OpenOptions {
  /** `view`: shown in the browser (preview); `download`: saved as a file. Both are audited. */
  operation?: 'view' | 'download';
  /**
   * Verify the whole object before returning (spooled to a temp file, one chunk in memory), so
   * that a corruption becomes an error before any byte is sent instead of a broken stream.
   */
  verifyFirst?: boolean;
}

export async function openDocumentVersion(
  db: Database,
  store: ObjectStore,
  actor: LoadedActor,
  documentId: string,
  versionNo: number,
  purpose: string | null,
  options: OpenOptions = {},
): Promise<OpenedDocumentVersion> {
  const operation = options.operation ?? 'download';
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
    operation,
    documentId,
    versionNo,
  });
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'document.read',
    clientId: document.clientId,
    purpose: purpose ?? `document ${operation}`,
    details: { resource: 'document', operation, documentId, versionNo, basis },
  });
  const report = (error: IntegrityError, detail?: string) =>
    recordIntegrityIncident(db, {
      storageKey: version.storageKey,
      problem: 'integrity',
      actualSha256: error.actualSha256,
      actualSize: error.actualSize,
      detail,
      source: 'read',
      actor: { userId: actor.userId, displayName: actor.displayName },
      documentId,
      versionNo,
    });
  // The key is the content address; a row pointing at other bytes is tampering.
  if (sha256OfKey(version.storageKey) !== version.sha256) {
    const error = new IntegrityError(version.storageKey, version.sha256, version.size);
    await report(error, 'the version row records a SHA-256 other than its storage key');
    throw options.verifyFirst ? new DocumentIntegrityError(documentId, versionNo) : error;
  }
  const stream = await store.get(version.storageKey);
  if (options.verifyFirst) {
    return {
      document,
      version,
      stream: await spoolVerified(stream, documentId, versionNo, report),
    };
  }
  stream.once('error', (error) => {
    if (error instanceof IntegrityError) {
      report(error).catch((failure: unknown) =>
        console.error('Recording an integrity incident failed', failure),
      );
    }
  });
  return { document, version, stream };
}

async function spoolVerified(
  stream: Readable,
  documentId: string,
  versionNo: number,
  report: (error: IntegrityError) => Promise<unknown>,
): Promise<Readable> {
  const file = path.join(tmpdir(), `sos-verified-${randomBytes(8).toString('hex')}`);
  try {
    await pipeline(stream, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    await unlink(file).catch(() => undefined);
    if (error instanceof IntegrityError) {
      await report(error);
      throw new DocumentIntegrityError(documentId, versionNo);
    }
    throw error;
  }
  const copy = createReadStream(file);
  // Once open, the name is not needed: an abandoned stream leaves no file behind.
  const remove = () => void unlink(file).catch(() => undefined);
  copy.once('open', remove);
  copy.once('error', remove);
  return copy;
}
