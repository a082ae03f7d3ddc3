// The work queues a staff member may open: "my tasks", the candidate groups of their units and,
// for a team lead, every queue of the units they lead; and the people those queues belong to.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { unitMemberships, units, users, type LocalisedText } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { CLIENT_HANDLING_ROLES, type Role } from '@/modules/access/rules';
import { candidateGroupsFor } from '@/modules/tasks/candidate-groups';

export interface QueueUnit {
  id: string;
  code: string;
  name: LocalisedText;
}

export type QueueTab =
  | { id: 'mine'; kind: 'mine' }
  | { id: string; kind: 'unit' | 'decision'; group: string; unit: QueueUnit }
  | { id: 'all'; kind: 'all'; groups: string[] };

export interface QueueMember {
  userId: string;
  displayName: string;
  /** The candidate groups this person works in (of the actor's units only). */
  groups: string[];
}

export interface ActorQueues {
  units: QueueUnit[];
  /** Every candidate group the actor works in. */
  groups: string[];
  isTeamLead: boolean;
  tabs: QueueTab[];
  members: QueueMember[];
}

export function isClientHandler(roles: readonly Role[]): boolean {
  return roles.some((r) => CLIENT_HANDLING_ROLES.includes(r));
}

/** null when the actor has no queues (no client-handling role or no unit). */
export async function queuesOfActor(db: Database, actor: LoadedActor): Promise<ActorQueues | null> {
  if (!isClientHandler(actor.roles) || !actor.unitIds.length) return null;
  const myUnits = await db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(inArray(units.id, [...actor.unitIds]))
    .orderBy(units.code);
  const tabs: QueueTab[] = [{ id: 'mine', kind: 'mine' }];
  const groups: string[] = [];
  for (const unit of myUnits) {
    for (const group of candidateGroupsFor(actor.roles, [unit.code])) {
      groups.push(group);
      tabs.push({
        id: `group:${group}`,
        kind: group.startsWith('decision-makers:') ? 'decision' : 'unit',
        group,
        unit,
      });
    }
  }
  const isTeamLead = actor.roles.includes('team_lead');
  if (isTeamLead) tabs.push({ id: 'all', kind: 'all', groups });

  const rows = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      roles: users.roles,
      code: units.code,
    })
    .from(unitMemberships)
    .innerJoin(users, eq(users.id, unitMemberships.userId))
    .innerJoin(units, eq(units.id, unitMemberships.unitId))
    .where(and(inArray(unitMemberships.unitId, [...actor.unitIds]), eq(users.active, true)));
  const byUser = new Map<string, { displayName: string; roles: Role[]; codes: string[] }>();
  for (const r of rows) {
    const entry = byUser.get(r.userId) ?? {
      displayName: r.displayName,
      roles: r.roles as Role[],
      codes: [],
    };
    entry.codes.push(r.code);
    byUser.set(r.userId, entry);
  }
  const members = [...byUser.entries()]
    .map(([userId, m]) => ({
      userId,
      displayName: m.displayName,
      groups: candidateGroupsFor(m.roles, m.codes).filter((g) => g !== 'archivists'),
    }))
    .filter((m) => m.groups.length > 0)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'fi'));

  return { units: myUnits, groups, isTeamLead, tabs, members };
}

/** The unit codes a candidate group belongs to (`unit:X`, `decision-makers:X`). */
export function unitCodeOfGroup(group: string): string | null {
  const m = /^(?:unit|decision-makers):(.+)$/.exec(group);
  return m ? m[1]! : null;
}
