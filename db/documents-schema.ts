// Tables of the documents and archive area (issue 4): documents, versions, search. Scan
// batches and their OCR queue are in db/scans-schema.ts.
// Kept apart from db/schema.ts so that the two areas can change without stepping on each other.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { cases, clients, localeEnum, users } from './schema';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const DOCUMENT_TYPES = [
  'application',
  'attachment',
  'information_request',
  'decision',
  'notification_letter',
  'appeal',
  'other',
] as const;
export const documentTypeEnum = pgEnum('document_type', DOCUMENT_TYPES);

export const SOURCE_CHANNELS = ['eservice', 'scan', 'generated', 'upload'] as const;
export const sourceChannelEnum = pgEnum('document_source_channel', SOURCE_CHANNELS);

export const signatureStatusEnum = pgEnum('document_signature_status', [
  'unsigned',
  'signed',
  'invalid',
]);

export const VERSION_KINDS = ['original', 'searchable_pdf', 'extracted_text', 'thumbnail'] as const;
export const versionKindEnum = pgEnum('document_version_kind', VERSION_KINDS);

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    caseId: uuid('case_id').references(() => cases.id),
    type: documentTypeEnum('type').notNull(),
    title: text('title').notNull(),
    language: localeEnum('language').notNull(),
    sourceChannel: sourceChannelEnum('source_channel').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    signatureStatus: signatureStatusEnum('signature_status').notNull().default('unsigned'),
    retentionClass: text('retention_class'),
    disposalDate: date('disposal_date', { mode: 'string' }),
    legalHold: boolean('legal_hold').notNull().default(false),
    /** Set when an approved disposal deleted the content (see db/paths-schema.ts). */
    disposedAt: timestamp('disposed_at', { withTimezone: true }),
    /** Text of the document (from its text layer or OCR); feeds the search vectors below. */
    contentText: text('content_text'),
    /** Search vectors over title and text, in both national languages (GIN-indexed). */
    searchFi: tsvector('search_fi').generatedAlwaysAs(
      sql`to_tsvector('finnish'::regconfig, coalesce(title, '') || ' ' || coalesce(content_text, ''))`,
    ),
    searchSv: tsvector('search_sv').generatedAlwaysAs(
      sql`to_tsvector('swedish'::regconfig, coalesce(title, '') || ' ' || coalesce(content_text, ''))`,
    ),
    /**
     * Word forms for the archive search: both languages' stems, normalised further by
     * search_forms_vector (db/migrations/0010_search_word_forms.sql) so that inflected forms the
     * snowball stemmers keep apart (hakemus/hakemuksen, ansökan/ansökningar) meet. Queries go
     * through search_normalize_query with the same rules (modules/archive/search-archive.ts).
     */
    searchForms: tsvector('search_forms').generatedAlwaysAs(
      sql`search_forms_vector(coalesce(title, '') || ' ' || coalesce(content_text, ''))`,
    ),
  },
  (t) => [
    index('documents_client').on(t.clientId, t.createdAt),
    index('documents_case').on(t.caseId),
    // Archive search: newest first without a text query, and the rare legal holds.
    index('documents_created').on(t.createdAt, t.id),
    // Retention-state filters ("due for disposal", with or without a type; btree skip scan).
    index('documents_type_disposal').on(t.type, t.disposalDate),
    index('documents_legal_hold')
      .on(t.createdAt)
      .where(sql`${t.legalHold}`),
    index('documents_search_fi').using('gin', t.searchFi),
    index('documents_search_sv').using('gin', t.searchSv),
    index('documents_search_forms').using('gin', t.searchForms),
  ],
);

export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    versionNo: integer('version_no').notNull(),
    kind: versionKindEnum('kind').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mediaType: text('media_type').notNull(),
    pageCount: integer('page_count'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_versions_no').on(t.documentId, t.versionNo)],
);
