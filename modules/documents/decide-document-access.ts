// Who may open a client's documents. Client-handling staff follow the general client rule;
// archivists get an explicit archival rule here (metadata and documents, only with a stated
// purpose, always audited) — the general rule in modules/access gives them no client data.
import type { Actor, ClientScope } from '@/modules/access/rules';
import { decideClientAccess } from '@/modules/access/rules';

export type DocumentAccessDecision =
  | { allowed: true; basis: 'own_record' | 'household_member' | 'unit_membership' | 'archival' }
  | { allowed: false; reason: 'no_role' | 'not_own_record' | 'other_unit' | 'purpose_required' };

/** A purpose an archivist must give: a few words saying why the document is opened. */
export function isArchivalPurpose(purpose: string | null | undefined): purpose is string {
  return typeof purpose === 'string' && purpose.trim().length >= 3;
}

export function decideDocumentAccess(
  actor: Actor,
  client: ClientScope,
  purpose: string | null | undefined,
  actorHouseholdId: string | null = null,
): DocumentAccessDecision {
  const general = decideClientAccess(actor, client, actorHouseholdId);
  if (general.allowed) return general;
  if (actor.roles.includes('archivist')) {
    return isArchivalPurpose(purpose)
      ? { allowed: true, basis: 'archival' }
      : { allowed: false, reason: 'purpose_required' };
  }
  return general;
}
