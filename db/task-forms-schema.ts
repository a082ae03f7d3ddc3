// Tables of the task forms (issue 6): the decision proposals as drafted, with the inputs of the
// calculation and the legal-basis template chosen, so that the signed decision uses the template
// the proposer picked and a returned proposal can be redrafted from what was proposed.
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases, users } from './schema';

export const decisionDrafts = pgTable(
  'decision_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    processInstanceKey: text('process_instance_key').notNull(),
    /** The drafting task completed with this proposal (one row per completion). */
    userTaskKey: text('user_task_key').notNull().unique(),
    outcome: text('outcome').notNull(),
    legalBasisTemplate: text('legal_basis_template').notNull(),
    reasons: text('reasons').notNull(),
    calculationInput: jsonb('calculation_input').notNull(),
    supportCents: integer('support_cents').notNull(),
    proposedBy: uuid('proposed_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('decision_drafts_case').on(t.caseId, t.createdAt)],
);
