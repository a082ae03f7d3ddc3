// Tables of the citizen's online application (issue 7): the draft the e-service saves while the
// citizen fills it in, at most one open per client; submitting consumes it and records the case.
import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases, clients, users } from './schema';

export const applicationDrafts = pgTable(
  'application_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    /** What the citizen typed, as typed (strings): validation happens on each step and on submit. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** The step the citizen was on, so a resumed draft opens where they left off. */
    step: text('step').notNull().default('applicant'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set once when the draft is consumed by a submission (the idempotency point). */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    caseId: uuid('case_id').references(() => cases.id),
  },
  (t) => [
    uniqueIndex('application_drafts_one_open')
      .on(t.clientId)
      .where(sql`${t.submittedAt} IS NULL`),
  ],
);
