// Tables of the service paths (issue 5): routing rules, letter deliveries (e-service inbox and
// the e-mail notice outbox), print batches for the printing service, and disposal lists with
// their permanent disposal records. Kept apart from db/schema.ts and db/documents-schema.ts.
import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { documents } from './documents-schema';
import { cases, clients, localeEnum, organisations, units, users } from './schema';

export const ROUTING_RULE_KINDS = [
  'postal_prefix',
  'postal_range',
  'municipality',
  'default',
] as const;
export const routingRuleKindEnum = pgEnum('routing_rule_kind', ROUTING_RULE_KINDS);

/**
 * Which unit's queue a new application goes to, by the household's postal code or municipality.
 * The matching rule with the lowest priority number wins; a `default` rule catches the rest;
 * with no match at all the client's responsible unit handles the case.
 */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    priority: integer('priority').notNull(),
    kind: routingRuleKindEnum('kind').notNull(),
    /** postal_prefix: the prefix ("001", "00100"); municipality: its name; range: the first code. */
    value: text('value'),
    /** postal_range: the last code (inclusive, same length as `value`). */
    rangeEnd: text('range_end'),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('routing_rules_org').on(t.organisationId, t.priority)],
);

export const DELIVERY_CHANNELS = ['electronic', 'post'] as const;
export const deliveryChannelEnum = pgEnum('delivery_channel', DELIVERY_CHANNELS);

/**
 * One letter delivered to one client. Electronic deliveries are the client's e-service inbox;
 * post deliveries point at the print batch that carries them. Once per document and client.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    caseId: uuid('case_id').references(() => cases.id),
    channel: deliveryChannelEnum('channel').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    /** Helsinki date of sending and the deemed notification date (modules/calendar). */
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    deemedNotifiedOn: date('deemed_notified_on', { mode: 'string' }).notNull(),
    /** When the client first opened it in the e-service (set by the citizen pages). */
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_once').on(t.documentId, t.clientId),
    index('deliveries_client').on(t.clientId, t.sentAt),
  ],
);

export const outboxStatusEnum = pgEnum('notification_outbox_status', [
  'pending',
  'sent',
  'no_address',
  'failed',
]);

/**
 * E-mail notices that something new waits in the e-service. The text names no content.
 * The worker's drain (modules/notices) sends them over SMTP; `next_attempt_at` is both the
 * back-off after a failure and the lease of a claimed row (a crashed sender's row comes back).
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .unique()
      .references(() => deliveries.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    toAddress: text('to_address'),
    locale: localeEnum('locale').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: outboxStatusEnum('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** The SMTP server's Message-ID of the sent notice. */
    messageId: text('message_id'),
    /** Why the last attempt failed (addresses masked: admins see this without client access). */
    lastError: text('last_error'),
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [index('notification_outbox_pending').on(t.status, t.createdAt)],
);

export const printBatchStatusEnum = pgEnum('print_batch_status', ['open', 'closed']);

/** Letters going by post, collected for the printing service; at most one batch is open. */
export const printBatches = pgTable(
  'print_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: printBatchStatusEnum('status').notNull().default('open'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    itemCount: integer('item_count'),
    pageCount: integer('page_count'),
    /** The combined PDF in the object store. */
    storageKey: text('storage_key'),
    sha256: text('sha256'),
    size: bigint('size', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('print_batches_one_open')
      .on(t.status)
      .where(sql`status = 'open'`),
  ],
);

export const printBatchItems = pgTable(
  'print_batch_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => printBatches.id),
    deliveryId: uuid('delivery_id')
      .notNull()
      .unique()
      .references(() => deliveries.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('print_batch_items_batch').on(t.batchId, t.addedAt)],
);

export const disposalListStatusEnum = pgEnum('disposal_list_status', [
  'proposed',
  'approved',
  'rejected',
  'disposed',
]);

export const DISPOSAL_ITEM_STATES = [
  'proposed',
  'excluded',
  'legal_hold',
  'disposed',
  'kept',
] as const;
export const disposalItemStateEnum = pgEnum('disposal_item_state', DISPOSAL_ITEM_STATES);

/** A disposal list (hävitysluettelo) of one case's records that fell due, for an archivist. */
export const disposalLists = pgTable(
  'disposal_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Process instance and round (its disposal date): one list per round, even if re-run. */
    roundKey: text('round_key').notNull().unique(),
    processInstanceKey: text('process_instance_key').notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: disposalListStatusEnum('status').notNull().default('proposed'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    postponeUntil: date('postpone_until', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disposedAt: timestamp('disposed_at', { withTimezone: true }),
  },
  (t) => [index('disposal_lists_case').on(t.caseId)],
);

export const disposalListItems = pgTable(
  'disposal_list_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    listId: uuid('list_id')
      .notNull()
      .references(() => disposalLists.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    state: disposalItemStateEnum('state').notNull(),
    /** Why an item is excluded or kept (the archivist's words, or the rule). */
    reason: text('reason'),
  },
  (t) => [uniqueIndex('disposal_list_items_once').on(t.listId, t.documentId)],
);

export interface DisposedVersion {
  versionNo: number;
  kind: string;
  sha256: string;
  size: number;
  mediaType: string;
  /** False when the same bytes still belong to another document and were kept. */
  contentDeleted: boolean;
}

/** What was disposed, when and on whose approval. Kept permanently; a trigger refuses changes. */
export const disposalRecords = pgTable(
  'disposal_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    listId: uuid('list_id')
      .notNull()
      .references(() => disposalLists.id),
    documentId: uuid('document_id').notNull().unique(),
    clientId: uuid('client_id').notNull(),
    caseId: uuid('case_id'),
    caseNumber: text('case_number'),
    documentType: text('document_type').notNull(),
    title: text('title').notNull(),
    retentionClass: text('retention_class'),
    disposalDate: date('disposal_date', { mode: 'string' }),
    versions: jsonb('versions').$type<DisposedVersion[]>().notNull(),
    approvedBy: uuid('approved_by').notNull(),
    approvedByName: text('approved_by_name').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
    disposedAt: timestamp('disposed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('disposal_records_client').on(t.clientId)],
);
