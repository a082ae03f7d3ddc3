// Who may do what: pure rules, deny by default. Every page, server action and route handler
// asks these functions; the proxy asks them too, but only as a first line.

export const ROLES = [
  'citizen',
  'caseworker',
  'decision_maker',
  'team_lead',
  'process_manager',
  'archivist',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'citizen');

/** Roles whose work is handling clients' matters; only they may open client data. */
export const CLIENT_HANDLING_ROLES: readonly Role[] = ['caseworker', 'decision_maker', 'team_lead'];

export type Area = 'staff' | 'admin' | 'citizen' | 'archive';

const AREA_ROLES: Record<Area, readonly Role[]> = {
  staff: STAFF_ROLES,
  admin: ['admin'],
  citizen: ['citizen'],
  // Archivists search everything (with a purpose); client-handling staff their units' clients.
  archive: ['archivist', 'caseworker', 'decision_maker', 'team_lead'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function canEnterArea(roles: readonly Role[], area: Area): boolean {
  return roles.some((role) => AREA_ROLES[area].includes(role));
}

/** The area a path (without its locale prefix) belongs to; null for public pages. */
export function areaOfPath(pathWithoutLocale: string): Area | null {
  const first = pathWithoutLocale.split('/').filter(Boolean)[0];
  if (first === 'staff' || first === 'admin' || first === 'citizen' || first === 'archive')
    return first;
  return null;
}

export interface Actor {
  userId: string;
  roles: readonly Role[];
  unitIds: readonly string[];
  /** For citizens: their own client record. */
  clientId: string | null;
}

export interface ClientScope {
  id: string;
  responsibleUnitId: string;
  householdId: string | null;
}

export type ClientAccessDecision =
  | { allowed: true; basis: 'own_record' | 'household_member' | 'unit_membership' }
  | { allowed: false; reason: 'no_role' | 'not_own_record' | 'other_unit' };

/**
 * Staff who take part in the client's services (members of the responsible unit, in a
 * client-handling role) may process the data; a citizen sees their own record and their
 * household's. Admins, archivists and process managers get no client data by role alone.
 */
export function decideClientAccess(
  actor: Actor,
  client: ClientScope,
  actorHouseholdId: string | null = null,
): ClientAccessDecision {
  if (actor.roles.includes('citizen') && actor.clientId) {
    if (actor.clientId === client.id) return { allowed: true, basis: 'own_record' };
    if (actorHouseholdId && client.householdId === actorHouseholdId) {
      return { allowed: true, basis: 'household_member' };
    }
  }
  const handles = actor.roles.some((role) => CLIENT_HANDLING_ROLES.includes(role));
  if (!handles) {
    return {
      allowed: false,
      reason: actor.roles.includes('citizen') ? 'not_own_record' : 'no_role',
    };
  }
  if (actor.unitIds.includes(client.responsibleUnitId)) {
    return { allowed: true, basis: 'unit_membership' };
  }
  return { allowed: false, reason: 'other_unit' };
}

export interface CaseScope {
  /** The unit handling the case (set at registration by the routing rules). */
  unitId: string | null;
  client: ClientScope;
}

/**
 * A case is open to client-handling staff of the unit handling it (before routing: the
 * client's responsible unit); a citizen sees their own and their household's cases.
 */
export function decideCaseAccess(
  actor: Actor,
  scope: CaseScope,
  actorHouseholdId: string | null = null,
): ClientAccessDecision {
  const unitId = scope.unitId ?? scope.client.responsibleUnitId;
  return decideClientAccess(
    actor,
    { ...scope.client, responsibleUnitId: unitId },
    actorHouseholdId,
  );
}
