// Tables of the appeal path beyond the request for reconsideration (issue 5): the further appeal
// to the administrative court that staff record, and its outcome once the court has ruled.
// The triggers that make archived documents read-only are in the same migration (0010).
import { sql } from 'drizzle-orm';
import { date, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { documents } from './documents-schema';
import { cases, clients, users } from './schema';

/** Which date `filed_on` is: the day the court received the appeal, or the day it was filed. */
export const COURT_FILING_DATE_KINDS = ['received_by_court', 'filed'] as const;
export const courtFilingDateKindEnum = pgEnum('court_filing_date_kind', COURT_FILING_DATE_KINDS);

/**
 * The administrative court's ruling on the appeal: rejected (the ruling stands), accepted or
 * partly accepted (the ruling changed or quashed), returned to the authority for new handling,
 * not examined, or withdrawn by the appellant.
 */
export const COURT_APPEAL_OUTCOMES = [
  'rejected',
  'accepted',
  'partly_accepted',
  'returned',
  'not_examined',
  'withdrawn',
] as const;
export const courtAppealOutcomeEnum = pgEnum('court_appeal_outcome', COURT_APPEAL_OUTCOMES);

/**
 * A further appeal (valitus) against a ruling to the administrative court. While `outcome` is
 * null the appeal is pending, and the case's records are not disposed of (like a legal hold).
 */
export const courtAppeals = pgTable(
  'court_appeals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    /** The ruling appealed against (a document of the case), when known. */
    rulingDocumentId: uuid('ruling_document_id').references(() => documents.id),
    court: text('court').notNull(),
    filedOn: date('filed_on', { mode: 'string' }).notNull(),
    filedOnKind: courtFilingDateKindEnum('filed_on_kind').notNull(),
    /** The court's reference (diaarinumero), once known. */
    courtReference: text('court_reference'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedByName: text('recorded_by_name').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    outcome: courtAppealOutcomeEnum('outcome'),
    outcomeOn: date('outcome_on', { mode: 'string' }),
    outcomeNotes: text('outcome_notes'),
    outcomeRecordedBy: uuid('outcome_recorded_by').references(() => users.id),
    outcomeRecordedByName: text('outcome_recorded_by_name'),
    outcomeRecordedAt: timestamp('outcome_recorded_at', { withTimezone: true }),
  },
  (t) => [
    index('court_appeals_case').on(t.caseId, t.recordedAt),
    index('court_appeals_pending')
      .on(t.caseId)
      .where(sql`${t.outcome} IS NULL`),
  ],
);
