// Renders, signs and stores a generated letter as a document of the client and case, exactly
// once per stable key: the document id is derived from the key, so a repeated job finds it.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents, documentVersions, type DOCUMENT_TYPES } from '@/db/documents-schema';
import { appendAudit } from '@/modules/audit';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import {
  renderLetter,
  signPdf,
  type LetterInput,
  type SigningCredentials,
} from '@/modules/documents/pdf';
import type { LetterContext } from './letter-context';

/** A UUID (v4 layout) derived from a namespace and key: the same key gives the same id. */
export function stableUuid(namespace: string, key: string): string {
  const h = createHash('sha256').update(`${namespace}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface SignedLetterInput {
  documentId: string;
  context: LetterContext;
  type: (typeof DOCUMENT_TYPES)[number];
  title: string;
  letter: Omit<LetterInput, 'organisation' | 'locale' | 'recipient' | 'caseNumber'>;
  /** Who generated it, for the audit row (a job type). */
  actorName: string;
  purpose: string;
  details?: Record<string, unknown>;
}

/** Returns whether the document was created now (false: it already existed). */
export async function storeSignedLetter(
  db: Database,
  input: SignedLetterInput,
  signing: SigningCredentials,
): Promise<{ documentId: string; created: boolean }> {
  const { documentId, context } = input;
  const [existing] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.id, documentId));
  if (existing) return { documentId, created: false };

  const letter: LetterInput = {
    ...input.letter,
    organisation: context.organisation,
    locale: context.locale,
    recipient: context.recipient,
    caseNumber: context.caseRow.caseNumber ?? undefined,
  };
  const bytes = await renderLetter(letter);
  const signed = await signPdf(bytes, signing, {
    reason: input.title,
    location: context.organisationName,
    signingTime: letter.date,
  });
  const stored = await configuredObjectStore().put(Readable.from([signed]), {
    size: signed.byteLength,
    contentType: 'application/pdf',
  });
  const contentText = [
    input.title,
    ...letter.paragraphs,
    ...[...(letter.sections ?? []), ...(letter.appendices ?? [])].flatMap((s) => [
      s.heading,
      ...s.paragraphs,
    ]),
  ].join('\n');

  const created = await db.transaction(async (tx) => {
    // Two runs of one job at once: the second insert finds the first and stores nothing.
    const inserted = await tx
      .insert(documents)
      .values({
        id: documentId,
        clientId: context.client.id,
        caseId: context.caseRow.id,
        type: input.type,
        title: `${input.title}${context.caseRow.caseNumber ? ` ${context.caseRow.caseNumber}` : ''}`,
        language: context.locale,
        sourceChannel: 'generated',
        signatureStatus: 'signed',
        contentText,
        createdAt: letter.date,
      })
      .onConflictDoNothing()
      .returning({ id: documents.id });
    if (!inserted.length) return false;
    await tx.insert(documentVersions).values({
      documentId,
      versionNo: 1,
      kind: 'original',
      storageKey: stored.key,
      sha256: stored.sha256,
      size: stored.size,
      mediaType: 'application/pdf',
    });
    await appendAudit(tx, {
      actorName: `system: ${input.actorName}`,
      action: 'document.create',
      clientId: context.client.id,
      purpose: input.purpose,
      details: { caseId: context.caseRow.id, documentId, type: input.type, ...input.details },
    });
    return true;
  });
  return { documentId, created };
}
