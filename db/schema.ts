// The application's tables (Drizzle). The BPMN runtime owns its own schema (`engine/`).
import { sql } from 'drizzle-orm';
import { ROLES } from '@/modules/access/rules';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ROLES);

export const localeEnum = pgEnum('locale', ['fi', 'sv', 'en']);

/** Names shown to users exist in all three languages. */
export interface LocalisedText {
  fi: string;
  sv: string;
  en: string;
}

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: jsonb('name').$type<LocalisedText>().notNull(),
  /** Y-tunnus (business id). */
  businessId: text('business_id').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    code: text('code').notNull(),
    name: jsonb('name').$type<LocalisedText>().notNull(),
    /** Areas (postal codes or districts) this unit serves; used for routing. */
    areas: text('areas')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('units_org_code').on(t.organisationId, t.code)],
);

export const households = pgTable('households', {
  id: uuid('id').primaryKey().defaultRandom(),
  streetAddress: text('street_address').notNull(),
  postalCode: text('postal_code').notNull(),
  municipality: text('municipality').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const householdRoleEnum = pgEnum('household_role', [
  'applicant',
  'spouse',
  'child',
  'other',
]);

export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Henkilötunnus, all 11 characters (two people may differ only by the century sign). */
    identityCode: text('identity_code').notNull().unique(),
    firstNames: text('first_names').notNull(),
    lastName: text('last_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    preferredLocale: localeEnum('preferred_locale').notNull().default('fi'),
    householdId: uuid('household_id').references(() => households.id),
    householdRole: householdRoleEnum('household_role'),
    /** The unit that handles this client's matters; staff of other units are refused. */
    responsibleUnitId: uuid('responsible_unit_id')
      .notNull()
      .references(() => units.id),
    email: text('email'),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('clients_household').on(t.householdId),
    index('clients_unit').on(t.responsibleUnitId),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    /** argon2id; null for accounts that log in only through OpenID Connect. */
    passwordHash: text('password_hash'),
    roles: roleEnum('roles')
      .array()
      .notNull()
      .default(sql`'{}'::role[]`),
    preferredLocale: localeEnum('preferred_locale').notNull().default('fi'),
    /** Set for citizens: the person in the client register. */
    clientId: uuid('client_id').references(() => clients.id),
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_oidc').on(t.oidcIssuer, t.oidcSubject)],
);

export const unitMemberships = pgTable(
  'unit_memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.unitId] })],
);

/**
 * Append-only, hash-chained log of logins and of every read or change of client data.
 * A trigger (see the migration) refuses UPDATE and DELETE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    clientId: uuid('client_id'),
    purpose: text('purpose'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_client').on(t.clientId, t.at), index('audit_actor').on(t.actorUserId, t.at)],
);

/** Worker processes report in here; /api/health reads it. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
});

export const caseChannelEnum = pgEnum('case_channel', ['eservice', 'paper', 'oral']);
export const supportTypeEnum = pgEnum('support_type', ['supplementary', 'preventive']);
export const caseStatusEnum = pgEnum('case_status', [
  'received',
  'in_processing',
  'information_requested',
  'decided',
  'notified',
  'appeal_pending',
  'closed',
]);

/** An income-support matter (asia): one application and everything that follows from it. */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Per organisation and year, e.g. TOTU-2026-000042; set at registration. */
    caseNumber: text('case_number').unique(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    householdId: uuid('household_id').references(() => households.id),
    unitId: uuid('unit_id').references(() => units.id),
    supportType: supportTypeEnum('support_type').notNull(),
    channel: caseChannelEnum('channel').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    status: caseStatusEnum('status').notNull().default('received'),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    decisionDueOn: date('decision_due_on', { mode: 'string' }),
    /** An open application of the same type for the same household, flagged to the caseworker. */
    possibleDuplicateOf: uuid('possible_duplicate_of'),
    applicationData: jsonb('application_data')
      .$type<Record<string, unknown>>()
      .notNull()
      .default({}),
    processInstanceKey: text('process_instance_key'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('cases_client').on(t.clientId),
    index('cases_household_open').on(t.householdId, t.supportType, t.status),
    index('cases_unit').on(t.unitId, t.status),
  ],
);

/** The last case number given per organisation and year (incremented under a row lock). */
export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.year] })],
);

export const alertKindEnum = pgEnum('alert_kind', ['deadline_near', 'deadline_passed']);

/** Alerts for a unit's team leads (deadline watch); one per case, kind and deadline. */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    kind: alertKindEnum('kind').notNull(),
    decisionDueOn: date('decision_due_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('alerts_once').on(t.caseId, t.kind, t.decisionDueOn),
    index('alerts_unit_open').on(t.unitId, t.acknowledgedAt),
  ],
);

/** A payment instruction for granted support (maksatusohje), written once per decision. */
export const paymentInstructions = pgTable(
  'payment_instructions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** The signed decision document the payment rests on (one instruction per decision). */
    decisionDocumentId: uuid('decision_document_id').notNull().unique(),
    /** IBAN in the electronic form, validated (mod 97). */
    iban: text('iban').notNull(),
    amountCents: integer('amount_cents').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payment_instructions_case').on(t.caseId)],
);
