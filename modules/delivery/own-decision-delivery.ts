// How the decision of a citizen's own case reached them (e-service or post), for the case page.
// Called after openOwnCase, which checks the case is the citizen's and audits the read.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { deliveries } from '@/db/paths-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import type { DeliveryChannel } from './deliver-letter';

export interface DecisionDelivery {
  channel: DeliveryChannel;
  sentOn: string;
  deemedNotifiedOn: string;
}

export async function ownDecisionDelivery(
  db: Database,
  actor: LoadedActor,
  caseId: string,
): Promise<DecisionDelivery | null> {
  if (!actor.clientId) return null;
  const [row] = await db
    .select({
      channel: deliveries.channel,
      sentOn: deliveries.sentOn,
      deemedNotifiedOn: deliveries.deemedNotifiedOn,
    })
    .from(deliveries)
    .innerJoin(documents, eq(documents.id, deliveries.documentId))
    .where(
      and(
        eq(deliveries.clientId, actor.clientId),
        eq(deliveries.caseId, caseId),
        eq(documents.type, 'decision'),
      ),
    )
    .orderBy(desc(deliveries.sentAt))
    .limit(1);
  return row ?? null;
}
