// A client's e-service inbox: the letters and decisions delivered to them electronically,
// newest first. A citizen sees only their own; staff need access to the client and a purpose.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { deliveries } from '@/db/paths-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { authorizeClientDocuments } from '@/modules/documents/authorize-client-documents';
import { AppError } from '@/modules/errors';

export interface InboxEntry {
  deliveryId: string;
  documentId: string;
  caseId: string | null;
  title: string;
  type: string;
  sentAt: Date;
  deemedNotifiedOn: string;
  readAt: Date | null;
}

export async function listClientDeliveries(
  db: Database,
  actor: LoadedActor,
  clientId: string,
  purpose: string | null,
): Promise<InboxEntry[]> {
  let basis: string;
  if (actor.roles.includes('citizen')) {
    // The inbox is personal: household members do not read each other's letters here.
    if (actor.clientId !== clientId) {
      await appendAudit(db, {
        actorUserId: actor.userId,
        actorName: actor.displayName,
        action: 'access.denied',
        clientId,
        details: { resource: 'deliveries', operation: 'list', reason: 'not_own_record' },
      });
      throw new AppError('forbidden', 'deliveries not available to this user');
    }
    basis = 'own_record';
  } else {
    basis = await authorizeClientDocuments(db, actor, clientId, purpose, {
      resource: 'deliveries',
      operation: 'list',
    });
  }
  const rows = await db
    .select({
      deliveryId: deliveries.id,
      documentId: deliveries.documentId,
      caseId: deliveries.caseId,
      title: documents.title,
      type: documents.type,
      sentAt: deliveries.sentAt,
      deemedNotifiedOn: deliveries.deemedNotifiedOn,
      readAt: deliveries.readAt,
    })
    .from(deliveries)
    .innerJoin(documents, eq(documents.id, deliveries.documentId))
    .where(and(eq(deliveries.clientId, clientId), eq(deliveries.channel, 'electronic')))
    .orderBy(desc(deliveries.sentAt), desc(deliveries.id));
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'document.list',
    clientId,
    purpose: purpose ?? 'e-service inbox',
    details: { resource: 'deliveries', operation: 'list', count: rows.length, basis },
  });
  return rows;
}
