// Tables of the caseworker's workspace (issue 6): client case notes (asiakaskertomus) and the
// log of contacts with the client. Both are append-only: a correction is a new entry that
// names the one it corrects, so what was written and when is never lost.
import { sql } from 'drizzle-orm';
import {
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { cases, clients, users } from './schema';

export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    caseId: uuid('case_id').references(() => cases.id),
    text: text('text').notNull(),
    /** The entry this one corrects (the original stays). */
    correctsId: uuid('corrects_id').references((): AnyPgColumn => caseNotes.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    authorName: text('author_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_notes_client').on(t.clientId, t.createdAt)],
);

export const CONTACT_CHANNELS = ['phone', 'visit', 'email', 'letter', 'eservice', 'other'] as const;
export const contactChannelEnum = pgEnum('contact_channel', CONTACT_CHANNELS);
export const contactDirectionEnum = pgEnum('contact_direction', ['incoming', 'outgoing']);

export const clientContacts = pgTable(
  'client_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    caseId: uuid('case_id').references(() => cases.id),
    channel: contactChannelEnum('channel').notNull(),
    direction: contactDirectionEnum('direction').notNull(),
    summary: text('summary').notNull(),
    contactAt: timestamp('contact_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedByName: text('recorded_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('client_contacts_client').on(t.clientId, t.contactAt)],
);

/**
 * Messages from the client through the e-service (e.g. a reply to a request for additional
 * information). Kept as written; the attachments are documents of the same case.
 */
export const clientMessages = pgTable(
  'client_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    sentBy: uuid('sent_by')
      .notNull()
      .references(() => users.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    /** Documents the citizen sent with the message (now documents of the case). */
    attachmentIds: uuid('attachment_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [index('client_messages_case').on(t.caseId, t.sentAt)],
);
