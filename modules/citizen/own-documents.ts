// Which documents a citizen may open in the e-service: their own (they are the client), and
// only those delivered to them or uploaded by them — not the office's internal working papers.
import { and, eq, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { deliveries } from '@/db/paths-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';

export async function assertCitizenMayOpen(
  db: Database,
  actor: LoadedActor,
  documentId: string,
): Promise<void> {
  const clientId = actor.roles.includes('citizen') ? actor.clientId : null;
  const [row] =
    clientId && z.uuid().safeParse(documentId).success
      ? await db
          .select({ id: documents.id })
          .from(documents)
          .where(
            and(
              eq(documents.id, documentId),
              eq(documents.clientId, clientId),
              or(
                eq(documents.createdBy, actor.userId),
                sql`EXISTS (SELECT 1 FROM ${deliveries} WHERE ${deliveries.documentId} = ${documents.id})`,
              ),
            ),
          )
      : [];
  if (row) return;
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'access.denied',
    clientId,
    details: { resource: 'document', requestedId: documentId, reason: 'not_own_document' },
  });
  throw new AppError('not_found', 'no such document of yours');
}
