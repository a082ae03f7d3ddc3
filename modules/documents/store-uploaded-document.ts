// Stores an uploaded file as a new document of a client: access first, then the bytes are
// checked and stored (nothing on refusal), then document, versions and audit row together.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import {
  DOCUMENT_TYPES,
  SOURCE_CHANNELS,
  documentVersions,
  documents,
} from '@/db/documents-schema';
import { cases } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import { LOCALES } from '@/modules/i18n/locales';
import type { ObjectSource, ObjectStore } from '../../storage/port';
import { acceptUpload } from './accept-upload';
import { assertCaseAcceptsDocuments } from './archived-records';
import { authorizeClientDocuments } from './authorize-client-documents';
import { extractPdfText } from './extract-pdf-text';
import type { SniffLimits } from './sniff';
import { uploadLimits } from './upload-limits';

export const NewDocumentInput = z.object({
  clientId: z.uuid(),
  caseId: z.uuid().optional(),
  type: z.enum(DOCUMENT_TYPES),
  title: z.string().trim().min(1).max(300),
  language: z.enum(LOCALES),
  sourceChannel: z.enum(SOURCE_CHANNELS).default('upload'),
});
export type NewDocumentInput = z.input<typeof NewDocumentInput>;

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentVersionRow = typeof documentVersions.$inferSelect;

export interface StoredDocument {
  document: DocumentRow;
  original: DocumentVersionRow;
}

export async function storeUploadedDocument(
  db: Database,
  store: ObjectStore,
  actor: LoadedActor,
  input: NewDocumentInput,
  source: ObjectSource,
  options: { limits?: SniffLimits; spoolDirectory?: string } = {},
): Promise<StoredDocument> {
  const parsed = NewDocumentInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.message);
  const data = parsed.data;
  const basis = await authorizeClientDocuments(db, actor, data.clientId, 'document upload', {
    resource: 'document',
    operation: 'upload',
  });
  if (basis === 'archival') throw new AppError('forbidden', 'archivists do not add documents');
  if (data.caseId) {
    const [owned] = await db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.id, data.caseId), eq(cases.clientId, data.clientId)));
    if (!owned) throw new AppError('invalid_input', 'the case is not a case of this client');
    // Before the bytes are accepted: a closed case's records are archived and read-only.
    await assertCaseAcceptsDocuments(db, data.caseId);
  }

  const limits = options.limits ?? uploadLimits();
  // Throws FileRejectedError before anything is stored.
  const { object, file } = await acceptUpload(source, store, {
    limits,
    spoolDirectory: options.spoolDirectory,
  });
  const text =
    file.mediaType === 'application/pdf'
      ? await extractPdfText(store, object.key, limits.maxPages)
      : null;
  const textObject = text?.trim()
    ? await store.put([Buffer.from(text, 'utf8')], { contentType: 'text/plain; charset=utf-8' })
    : null;

  return db.transaction(async (tx) => {
    const [document] = await tx
      .insert(documents)
      .values({
        clientId: data.clientId,
        caseId: data.caseId ?? null,
        type: data.type,
        title: data.title,
        language: data.language,
        sourceChannel: data.sourceChannel,
        createdBy: actor.userId,
        contentText: textObject ? text : null,
      })
      .returning();
    const [original] = await tx
      .insert(documentVersions)
      .values({
        documentId: document!.id,
        versionNo: 1,
        kind: 'original',
        storageKey: object.key,
        sha256: object.sha256,
        size: object.size,
        mediaType: file.mediaType,
        pageCount: file.pageCount,
      })
      .returning();
    if (textObject) {
      await tx.insert(documentVersions).values({
        documentId: document!.id,
        versionNo: 2,
        kind: 'extracted_text',
        storageKey: textObject.key,
        sha256: textObject.sha256,
        size: textObject.size,
        mediaType: 'text/plain; charset=utf-8',
      });
    }
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'document.create',
      clientId: data.clientId,
      purpose: 'document upload',
      details: {
        resource: 'document',
        operation: 'upload',
        documentId: document!.id,
        sha256: object.sha256,
        size: object.size,
        mediaType: file.mediaType,
        basis,
      },
    });
    return { document: document!, original: original! };
  });
}
