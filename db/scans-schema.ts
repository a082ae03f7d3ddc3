// Tables of batch scanning (issue 4): batches, their files, the per-page OCR queue, and the
// identity-code link proposals a person confirms. Kept apart from the documents tables.
//
// A scanned file is not yet a client's document (documents.client_id is required): it waits
// here, OCR'd and searchable-PDF'd, until a person confirms which client it belongs to.
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { documents } from './documents-schema';
import { clients, units, users } from './schema';

export const scanStatusEnum = pgEnum('scan_status', ['queued', 'running', 'done', 'failed']);
export type ScanStatus = (typeof scanStatusEnum.enumValues)[number];

export const scanBatches = pgTable('scan_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Derived from the pages (kept up to date by the queue) for listing without counting. */
  status: scanStatusEnum('status').notNull().default('queued'),
  /** The unit whose staff may see the batch before its files are linked to clients. */
  unitId: uuid('unit_id')
    .notNull()
    .references(() => units.id),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const scanFiles = pgTable(
  'scan_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => scanBatches.id),
    /** Order of upload within the batch, from 1. */
    position: integer('position').notNull(),
    fileName: text('file_name').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mediaType: text('media_type').notNull(),
    pageCount: integer('page_count').notNull(),
    /** 'done' once every page is recognised and the searchable PDF is stored. */
    status: scanStatusEnum('status').notNull().default('queued'),
    /** OCR text of all pages, separated by form feeds. */
    text: text('text'),
    searchableKey: text('searchable_key'),
    searchableSha256: text('searchable_sha256'),
    searchableSize: bigint('searchable_size', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('scan_files_position').on(t.batchId, t.position)],
);

/** The OCR queue: one row per page, claimed with FOR UPDATE SKIP LOCKED under a lease. */
export const scanPages = pgTable(
  'scan_pages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => scanBatches.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => scanFiles.id),
    pageNumber: integer('page_number').notNull(),
    status: scanStatusEnum('status').notNull().default('queued'),
    /** Why the last attempt failed: a code the UI translates, and the technical message. */
    errorCode: text('error_code'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /** A queued page is not claimed before this (retry back-off). */
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    leaseOwner: text('lease_owner'),
    /** A running page whose lease has expired belongs to a worker that died: claim it again. */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    text: text('text'),
    confidence: real('confidence'),
    /** The page's invisible-text PDF, kept until the searchable PDF is assembled. */
    textLayerKey: text('text_layer_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('scan_pages_file_page').on(t.fileId, t.pageNumber),
    index('scan_pages_status').on(t.status),
    index('scan_pages_claimable')
      .on(t.runAfter)
      .where(sql`status = 'queued'`),
  ],
);

export const linkProposalStatusEnum = pgEnum('scan_link_proposal_status', [
  'proposed',
  'confirmed',
  'rejected',
]);

/** A client whose valid identity code appears in a scan's OCR text; a person decides. */
export const scanLinkProposals = pgTable(
  'scan_link_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => scanFiles.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    identityCode: text('identity_code').notNull(),
    status: linkProposalStatusEnum('status').notNull().default('proposed'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The client's document created when the link was confirmed. */
    documentId: uuid('document_id').references(() => documents.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('scan_link_proposals_file_client').on(t.fileId, t.clientId),
    index('scan_link_proposals_client').on(t.clientId),
  ],
);
