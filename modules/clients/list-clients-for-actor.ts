// The clients of the actor's units, one page at a time, with masked identity codes; audited.
import { asc, count, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { clients, units } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { CLIENT_HANDLING_ROLES } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { maskIdentityCode } from './identity-code';
import type { LocalisedText } from '@/db/schema';

export interface ClientListRow {
  id: string;
  name: string;
  maskedIdentityCode: string;
  householdId: string | null;
  householdSize: number;
  unitName: LocalisedText;
}

export interface ClientListPage {
  rows: ClientListRow[];
  total: number;
  page: number;
  pages: number;
}

export async function listClientsForActor(
  db: Database,
  actor: LoadedActor,
  page: number,
  pageSize = 25,
): Promise<ClientListPage | null> {
  const handles = actor.roles.some((r) => CLIENT_HANDLING_ROLES.includes(r));
  if (!handles || actor.unitIds.length === 0) return null;

  const inUnits = inArray(clients.responsibleUnitId, [...actor.unitIds]);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(clients)
    .where(inUnits);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);

  const rows = await db
    .select({
      id: clients.id,
      firstNames: clients.firstNames,
      lastName: clients.lastName,
      identityCode: clients.identityCode,
      householdId: clients.householdId,
      householdSize: sql<number>`(SELECT count(*)::int FROM clients m WHERE m.household_id = ${clients.householdId})`,
      unitName: units.name,
    })
    .from(clients)
    .innerJoin(units, sql`${units.id} = ${clients.responsibleUnitId}`)
    .where(inUnits)
    .orderBy(asc(clients.lastName), asc(clients.firstNames), asc(clients.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize);

  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'client.list',
    purpose: 'work queue: clients of own units',
    details: { page: current, clientIds: rows.map((r) => r.id) },
  });

  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: `${r.lastName}, ${r.firstNames}`,
      maskedIdentityCode: maskIdentityCode(r.identityCode),
      householdId: r.householdId,
      householdSize: r.householdId ? r.householdSize : 1,
      unitName: r.unitName,
    })),
    total,
    page: current,
    pages,
  };
}
