// Tables of the caseworker workspace (issue 6): named work-queue filters saved per user.
import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './schema';

export const worklistSavedFilters = pgTable(
  'worklist_saved_filters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The queue view (tab, filters, sort) as validated by modules/worklist/queue-view.ts. */
    view: jsonb('view')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('worklist_saved_filters_user_name').on(t.userId, t.name)],
);
