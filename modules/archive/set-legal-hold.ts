// Puts a legal hold on a document or lifts it, with the archivist's reason. Only archivists may;
// the change, its reason and a refusal are all audited, and the history is kept per document.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { documentLegalHolds } from '@/db/archive-schema';
import { documents } from '@/db/documents-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';

export const LegalHoldChange = z.object({
  documentId: z.uuid(),
  hold: z.boolean(),
  /** Why (e.g. a pending appeal or an information request); kept with the history. */
  reason: z.string().trim().min(5).max(500),
});
export type LegalHoldChange = z.input<typeof LegalHoldChange>;

export type LegalHoldError = 'reason_required' | 'unchanged';

export type LegalHoldResult = { ok: true } | { ok: false; error: LegalHoldError };

export async function setLegalHold(
  db: Database,
  actor: LoadedActor,
  input: LegalHoldChange,
): Promise<LegalHoldResult> {
  if (!actor.roles.includes('archivist')) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      details: { resource: 'legal_hold', documentId: input.documentId, reason: 'no_role' },
    });
    throw new AppError('forbidden', 'only archivists may change a legal hold');
  }
  if (!z.uuid().safeParse(input.documentId).success) {
    throw new AppError('not_found', 'no such document');
  }
  const parsed = LegalHoldChange.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'reason_required' };
  const { documentId, hold, reason } = parsed.data;

  return db.transaction(async (tx) => {
    const [document] = await tx
      .select({ clientId: documents.clientId, legalHold: documents.legalHold })
      .from(documents)
      .where(eq(documents.id, documentId))
      .for('update');
    if (!document) throw new AppError('not_found', 'no such document');
    if (document.legalHold === hold) return { ok: false, error: 'unchanged' } as const;
    await tx
      .update(documents)
      .set({ legalHold: hold })
      .where(and(eq(documents.id, documentId), eq(documents.legalHold, !hold)));
    await tx.insert(documentLegalHolds).values({
      documentId,
      hold,
      reason,
      actorUserId: actor.userId,
      actorName: actor.displayName,
    });
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'document.legal_hold',
      clientId: document.clientId,
      purpose: reason,
      details: { resource: 'document', documentId, hold },
    });
    return { ok: true } as const;
  });
}
