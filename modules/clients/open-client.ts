// Opens one client's record for an actor: decides access, and audits the read or the refusal.
import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { clients, households } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { decideClientAccess } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';

export type Client = typeof clients.$inferSelect;
export type Household = typeof households.$inferSelect;

export interface OpenedClient {
  client: Client;
  household: Household | null;
  members: Client[];
}

async function householdOf(db: Database, clientId: string | null): Promise<string | null> {
  if (!clientId) return null;
  const [row] = await db
    .select({ householdId: clients.householdId })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row?.householdId ?? null;
}

export async function openClient(
  db: Database,
  actor: LoadedActor,
  clientId: string,
  purpose: string,
): Promise<OpenedClient> {
  const [client] = await db.select().from(clients).where(eq(clients.id, clientId)).limit(1);
  const decision = client
    ? decideClientAccess(actor, client, await householdOf(db, actor.clientId))
    : ({ allowed: false, reason: 'not_found' } as const);

  if (!decision.allowed || !client) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      clientId: client ? client.id : null,
      purpose,
      details: {
        resource: 'client',
        requestedId: clientId,
        reason: decision.allowed ? 'not_found' : decision.reason,
      },
    });
    // A refused and a missing record look the same from outside: do not confirm existence.
    throw new AppError(client ? 'forbidden' : 'not_found', 'client not available to this user');
  }

  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'client.read',
    clientId: client.id,
    purpose,
    details: { basis: decision.basis },
  });

  const household = client.householdId
    ? ((await db.select().from(households).where(eq(households.id, client.householdId)))[0] ?? null)
    : null;
  const members = client.householdId
    ? await db
        .select()
        .from(clients)
        .where(eq(clients.householdId, client.householdId))
        .orderBy(asc(clients.birthDate))
    : [client];
  return { client, household, members };
}
