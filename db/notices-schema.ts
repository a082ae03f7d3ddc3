// Consent to electronic delivery (issue 7): the client's own decision, kept as a history. The
// latest row is the current consent; with no row the application's answer applies.
import { boolean, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients, users } from './schema';

export const CONSENT_CHANNELS = ['eservice', 'staff'] as const;
export const consentChannelEnum = pgEnum('consent_channel', CONSENT_CHANNELS);

export const electronicDeliveryConsents = pgTable(
  'electronic_delivery_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    /** True: consent given; false: withdrawn. */
    given: boolean('given').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    byUserId: uuid('by_user_id').references(() => users.id),
    /** Kept even if the user is later removed. */
    byName: text('by_name').notNull(),
    channel: consentChannelEnum('channel').notNull(),
  },
  (t) => [index('electronic_delivery_consents_client').on(t.clientId, t.at)],
);
