// Decides access to one client's documents and audits a refusal; refused and missing clients
// look the same from outside.
import type { Database } from '@/db/client';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import { decideDocumentAccess, type DocumentAccessDecision } from './decide-document-access';
import { loadClientScope } from './load-client-scope';

export type AllowedBasis = Extract<DocumentAccessDecision, { allowed: true }>['basis'];

export async function authorizeClientDocuments(
  db: Database,
  actor: LoadedActor,
  clientId: string,
  purpose: string | null,
  resource: Record<string, unknown>,
): Promise<AllowedBasis> {
  const { client, actorHouseholdId } = await loadClientScope(db, actor, clientId);
  const decision = client
    ? decideDocumentAccess(actor, client, purpose, actorHouseholdId)
    : ({ allowed: false, reason: 'not_found' } as const);
  if (!decision.allowed || !client) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      clientId: client ? client.id : null,
      purpose,
      details: { ...resource, reason: decision.allowed ? 'not_found' : decision.reason },
    });
    throw new AppError(client ? 'forbidden' : 'not_found', 'documents not available to this user');
  }
  return decision.basis;
}
