// A person confirms or rejects a proposed link between a scanned file and a client. Confirming
// makes the file a document of the client (source channel scan): the original, the searchable
// PDF and the OCR text as versions, the text in the search columns. Access to the batch and to
// the client are both checked; every decision is audited.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { DOCUMENT_TYPES, documentVersions, documents } from '@/db/documents-schema';
import { scanFiles, scanLinkProposals } from '@/db/scans-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { authorizeClientDocuments } from '@/modules/documents/authorize-client-documents';
import { AppError } from '@/modules/errors';
import { LOCALES } from '@/modules/i18n/locales';
import type { ObjectStore } from '../../storage/port';
import { authorizeScanBatch } from './authorize-scan-batch';

export const LinkDecision = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('confirm'),
    type: z.enum(DOCUMENT_TYPES).default('attachment'),
    language: z.enum(LOCALES).default('fi'),
  }),
  z.object({ decision: z.literal('reject') }),
]);
export type LinkDecision = z.input<typeof LinkDecision>;

export async function decideLinkProposal(
  db: Database,
  store: ObjectStore,
  actor: LoadedActor,
  proposalId: string,
  input: LinkDecision,
): Promise<{ documentId: string | null }> {
  const parsed = LinkDecision.safeParse(input);
  if (!parsed.success || !z.uuid().safeParse(proposalId).success) {
    throw new AppError('invalid_input', 'invalid decision');
  }
  const decision = parsed.data;
  const [row] = await db
    .select({ proposal: scanLinkProposals, file: scanFiles })
    .from(scanLinkProposals)
    .innerJoin(scanFiles, eq(scanFiles.id, scanLinkProposals.fileId))
    .where(eq(scanLinkProposals.id, proposalId));
  if (!row) throw new AppError('not_found', 'no such proposal');
  const { proposal, file } = row;
  await authorizeScanBatch(db, actor, file.batchId, `link.${decision.decision}`);
  const basis = await authorizeClientDocuments(db, actor, proposal.clientId, 'scan link', {
    resource: 'scan',
    operation: `link.${decision.decision}`,
    proposalId,
  });
  if (basis === 'archival') throw new AppError('forbidden', 'archivists do not link scans');

  if (decision.decision === 'reject') {
    return db.transaction(async (tx) => {
      const updated = await tx
        .update(scanLinkProposals)
        .set({ status: 'rejected', decidedBy: actor.userId, decidedAt: new Date() })
        .where(
          sql`${scanLinkProposals.id} = ${proposalId} AND ${scanLinkProposals.status} = 'proposed'`,
        )
        .returning({ id: scanLinkProposals.id });
      if (updated.length === 0) throw new AppError('invalid_input', 'already decided');
      await appendAudit(tx, {
        actorUserId: actor.userId,
        actorName: actor.displayName,
        action: 'scan.reject',
        clientId: proposal.clientId,
        purpose: 'scan link',
        details: { resource: 'scan', proposalId, batchId: file.batchId, fileId: file.id, basis },
      });
      return { documentId: null };
    });
  }

  if (file.status !== 'done' || !file.searchableKey || file.text === null) {
    throw new AppError('invalid_input', 'the scan is still being recognised');
  }
  const text = file.text;
  const textObject = await store.put([Buffer.from(text, 'utf8')], {
    contentType: 'text/plain; charset=utf-8',
  });
  return db.transaction(async (tx) => {
    const locked = await tx.execute(sql`
      SELECT id FROM scan_link_proposals WHERE id = ${proposalId} AND status = 'proposed'
      FOR UPDATE`);
    if (locked.rows.length === 0) throw new AppError('invalid_input', 'already decided');
    const [document] = await tx
      .insert(documents)
      .values({
        clientId: proposal.clientId,
        type: decision.type,
        title: file.fileName,
        language: decision.language,
        sourceChannel: 'scan',
        createdBy: actor.userId,
        contentText: text,
      })
      .returning({ id: documents.id });
    const documentId = document!.id;
    await tx.insert(documentVersions).values([
      {
        documentId,
        versionNo: 1,
        kind: 'original',
        storageKey: file.storageKey,
        sha256: file.sha256,
        size: file.size,
        mediaType: file.mediaType,
        pageCount: file.pageCount,
      },
      {
        documentId,
        versionNo: 2,
        kind: 'searchable_pdf',
        storageKey: file.searchableKey!,
        sha256: file.searchableSha256!,
        size: file.searchableSize!,
        mediaType: 'application/pdf',
        pageCount: file.pageCount,
      },
      {
        documentId,
        versionNo: 3,
        kind: 'extracted_text',
        storageKey: textObject.key,
        sha256: textObject.sha256,
        size: textObject.size,
        mediaType: 'text/plain; charset=utf-8',
      },
    ]);
    await tx
      .update(scanLinkProposals)
      .set({ status: 'confirmed', decidedBy: actor.userId, decidedAt: new Date(), documentId })
      .where(eq(scanLinkProposals.id, proposalId));
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'document.create',
      clientId: proposal.clientId,
      purpose: 'scan link',
      details: {
        resource: 'document',
        operation: 'scan_link',
        documentId,
        proposalId,
        batchId: file.batchId,
        fileId: file.id,
        sha256: file.sha256,
        basis,
      },
    });
    return { documentId };
  });
}
