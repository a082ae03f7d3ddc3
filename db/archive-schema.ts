// Tables of the archivist's area (issue 4): integrity incidents of stored objects and the
// history of legal holds on documents. Kept apart from db/documents-schema.ts.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { documents } from './documents-schema';
import { users } from './schema';

/** Where a corruption was found: a user's read, or the scrub command. */
export const integritySourceEnum = pgEnum('integrity_incident_source', ['read', 'scrub']);

/**
 * A stored object whose bytes no longer match their SHA-256 (or could not be read). One open
 * incident per object: a repeated detection counts up `occurrences` until an admin acknowledges.
 */
export const integrityIncidents = pgTable(
  'integrity_incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storageKey: text('storage_key').notNull(),
    /** `integrity`: the bytes hash to something else; `unreadable`: the read itself failed. */
    problem: text('problem').notNull(),
    expectedSha256: text('expected_sha256').notNull(),
    actualSha256: text('actual_sha256'),
    actualSize: bigint('actual_size', { mode: 'number' }),
    detail: text('detail'),
    source: integritySourceEnum('source').notNull(),
    /** The first document version that points at the object (several may share it). */
    documentId: uuid('document_id').references(() => documents.id),
    versionNo: integer('version_no'),
    detectedBy: uuid('detected_by').references(() => users.id),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    occurrences: integer('occurrences').notNull().default(1),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('integrity_incidents_open')
      .on(t.storageKey)
      .where(sql`${t.acknowledgedAt} IS NULL`),
    index('integrity_incidents_seen').on(t.lastSeenAt),
  ],
);

/** Every change of a document's legal hold, with the reason the archivist gave. */
export const documentLegalHolds = pgTable(
  'document_legal_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    hold: boolean('hold').notNull(),
    reason: text('reason').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('document_legal_holds_document').on(t.documentId, t.at)],
);
