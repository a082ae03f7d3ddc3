// Files a citizen uploaded in the e-service before sending something (a reply to a request for
// additional information, a request for reconsideration): they wait without a case until the
// message that carries them is sent, then become documents of that case. Only the citizen's
// own, still unattached uploads can be attached; anything else refuses the whole message.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';

/** At most this many files go with one message. */
export const MAX_ATTACHMENTS = 20;

/**
 * Ties the citizen's pending uploads to a case (inside the caller's transaction). Refuses when
 * any id is not an upload of this citizen that is still without a case.
 */
export async function attachOwnUploads(
  tx: Database,
  actor: LoadedActor,
  documentIds: readonly string[],
  target: { caseId: string; type: 'attachment' | 'appeal'; purpose: string },
): Promise<string[]> {
  if (!documentIds.length) return [];
  if (!actor.clientId) throw new AppError('forbidden', 'only citizens attach own uploads');
  const attached = await tx
    .update(documents)
    .set({ caseId: target.caseId, type: target.type })
    .where(
      and(
        inArray(documents.id, [...documentIds]),
        eq(documents.clientId, actor.clientId),
        eq(documents.createdBy, actor.userId),
        isNull(documents.caseId),
        isNull(documents.disposedAt),
      ),
    )
    .returning({ id: documents.id });
  if (attached.length !== documentIds.length) {
    // the transaction rolls back; the refusal is recorded outside it by the caller's audit
    throw new AppError('invalid_input', 'an attachment is not your pending upload');
  }
  await appendAudit(tx, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'case.update',
    clientId: actor.clientId,
    purpose: target.purpose,
    details: { caseId: target.caseId, attachedDocumentIds: attached.map((a) => a.id) },
  });
  return attached.map((a) => a.id);
}
