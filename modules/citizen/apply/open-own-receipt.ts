// The receipt of an application the citizen sent: the case number (given by registration, so it
// may still be coming) and the PDF copy. Only the citizen's own e-service cases.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { cases } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { ownClientId } from '@/modules/citizen/own-cases';
import { AppError } from '@/modules/errors';
import { applicationCopyId, storeApplicationCopy } from './application-copy';

export interface OwnReceipt {
  caseId: string;
  caseNumber: string | null;
  receivedOn: string;
  copyDocumentId: string | null;
}

export async function openOwnReceipt(
  db: Database,
  actor: LoadedActor,
  caseId: string,
): Promise<OwnReceipt> {
  const clientId = ownClientId(actor);
  const [row] = z.uuid().safeParse(caseId).success
    ? await db
        .select()
        .from(cases)
        .where(
          and(eq(cases.id, caseId), eq(cases.clientId, clientId), eq(cases.channel, 'eservice')),
        )
    : [];
  if (!row) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      clientId,
      details: { resource: 'case', requestedId: caseId, reason: 'not_own_case' },
    });
    throw new AppError('not_found', 'no such application of yours');
  }
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'case.read',
    clientId,
    purpose: 'citizen: application receipt',
    details: { caseId },
  });
  let [copy] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.id, applicationCopyId(caseId)));
  if (!copy && row.createdBy === actor.userId) {
    // the copy failed at submission: make it now (idempotent)
    try {
      copy = { id: await storeApplicationCopy(db, actor, caseId) };
    } catch (error) {
      console.error('[apply] the PDF copy was not stored:', error);
    }
  }
  return {
    caseId,
    caseNumber: row.caseNumber,
    receivedOn: row.receivedOn,
    copyDocumentId: copy?.id ?? null,
  };
}
