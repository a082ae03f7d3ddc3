// What the citizen's settings page shows: the e-mail address for notices, the current consent
// to electronic delivery and its history. Reading it is audited like any read of client data.
import { desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { electronicDeliveryConsents } from '@/db/notices-schema';
import { clients } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import type { DeliveryConsent } from './current-delivery-consent';
import { ownClientId } from './own-client';

export interface NoticeSettingsView {
  email: string | null;
  consent: DeliveryConsent | null;
  history: DeliveryConsent[];
}

export async function loadNoticeSettings(
  db: Database,
  actor: LoadedActor,
): Promise<NoticeSettingsView> {
  const clientId = ownClientId(actor);
  const [client] = await db
    .select({ email: clients.email })
    .from(clients)
    .where(eq(clients.id, clientId));
  const history = await db
    .select()
    .from(electronicDeliveryConsents)
    .where(eq(electronicDeliveryConsents.clientId, clientId))
    .orderBy(desc(electronicDeliveryConsents.at), desc(electronicDeliveryConsents.id))
    .limit(50);
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'client.read',
    clientId,
    purpose: 'citizen: notice settings',
    details: { resource: 'notice_settings', consentRows: history.length },
  });
  return { email: client?.email ?? null, consent: history[0] ?? null, history };
}
