// The way a letter goes to a client: the client's own consent decision when one has been
// recorded (the settings page of the e-service), else the answer on the application.
import type { Database } from '@/db/client';
import { currentDeliveryConsent } from '@/modules/notices/current-delivery-consent';
import type { DeliveryChannel } from './deliver-letter';

/**
 * The application's answer: electronic only with consent given there, else post. The client's
 * own later decision takes precedence (deliveryChannelForClient).
 */
export function deliveryChannelFor(applicationData: Record<string, unknown>): DeliveryChannel {
  return applicationData.electronicDeliveryConsent === true ? 'electronic' : 'post';
}

export async function deliveryChannelForClient(
  db: Pick<Database, 'select'>,
  clientId: string,
  applicationData: Record<string, unknown>,
): Promise<DeliveryChannel> {
  const consent = await currentDeliveryConsent(db, clientId);
  if (consent) return consent.given ? 'electronic' : 'post';
  return deliveryChannelFor(applicationData);
}
