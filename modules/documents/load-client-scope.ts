// The parts of a client record an access decision needs, and the actor's own household.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { clients } from '@/db/schema';
import type { Actor, ClientScope } from '@/modules/access/rules';

export async function loadClientScope(
  db: Database,
  actor: Actor,
  clientId: string,
): Promise<{ client: ClientScope | null; actorHouseholdId: string | null }> {
  const [client] = await db
    .select({
      id: clients.id,
      responsibleUnitId: clients.responsibleUnitId,
      householdId: clients.householdId,
    })
    .from(clients)
    .where(eq(clients.id, clientId))
    .limit(1);
  let actorHouseholdId: string | null = null;
  if (actor.clientId) {
    const [own] = await db
      .select({ householdId: clients.householdId })
      .from(clients)
      .where(eq(clients.id, actor.clientId));
    actorHouseholdId = own?.householdId ?? null;
  }
  return { client: client ?? null, actorHouseholdId };
}
