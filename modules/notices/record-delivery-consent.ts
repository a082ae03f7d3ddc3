// The citizen gives or withdraws consent to electronic delivery in the e-service. Every change
// is a new history row and an audit row; later letters follow the newest row.
import { z } from 'zod';
import type { Database } from '@/db/client';
import { electronicDeliveryConsents } from '@/db/notices-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import type { DeliveryConsent } from './current-delivery-consent';
import { ownClientId } from './own-client';

const ConsentInput = z.object({ given: z.boolean() });

export async function recordDeliveryConsent(
  db: Database,
  actor: LoadedActor,
  input: unknown,
  now: Date = new Date(),
): Promise<DeliveryConsent> {
  const clientId = ownClientId(actor);
  const parsed = ConsentInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', 'give or withdraw: given is required');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(electronicDeliveryConsents)
      .values({
        clientId,
        given: parsed.data.given,
        at: now,
        byUserId: actor.userId,
        byName: actor.displayName,
        channel: 'eservice',
      })
      .returning();
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: parsed.data.given ? 'delivery_consent.give' : 'delivery_consent.withdraw',
      clientId,
      purpose: 'citizen: consent to electronic delivery',
      details: { consentId: row!.id, channel: 'eservice' },
    });
    return row!;
  });
}
