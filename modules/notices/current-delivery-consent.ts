// The client's current consent to electronic delivery: the latest row of the history, or null
// when the client has never given or withdrawn it (then the application's answer applies).
import { desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { electronicDeliveryConsents } from '@/db/notices-schema';

export type DeliveryConsent = typeof electronicDeliveryConsents.$inferSelect;

type Reader = Pick<Database, 'select'>;

export async function currentDeliveryConsent(
  db: Reader,
  clientId: string,
): Promise<DeliveryConsent | null> {
  const [row] = await db
    .select()
    .from(electronicDeliveryConsents)
    .where(eq(electronicDeliveryConsents.clientId, clientId))
    .orderBy(desc(electronicDeliveryConsents.at), desc(electronicDeliveryConsents.id))
    .limit(1);
  return row ?? null;
}
