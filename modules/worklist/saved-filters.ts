// Named work-queue views saved per user: only the owner sees, loads or deletes them.
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { worklistSavedFilters } from '@/db/worklist-schema';
import { parseQueueView, queueViewParams, type QueueView } from './queue-view';

export const MAX_SAVED_FILTERS = 50;

export interface SavedFilter {
  id: string;
  name: string;
  view: QueueView;
  /** The view as a query string for a link. */
  query: string;
}

export type SaveFilterError = 'name' | 'view' | 'duplicate' | 'too_many';

const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^<>\u0000-\u001f]+$/);

export async function listSavedFilters(db: Database, userId: string): Promise<SavedFilter[]> {
  const rows = await db
    .select()
    .from(worklistSavedFilters)
    .where(eq(worklistSavedFilters.userId, userId))
    .orderBy(asc(worklistSavedFilters.name));
  return rows.flatMap((r) => {
    const parsed = parseQueueView(r.view);
    // A view saved under older rules that no longer validates is left out rather than half-used.
    if (!parsed.ok) return [];
    return [
      { id: r.id, name: r.name, view: parsed.view, query: queueViewParams(parsed.view).toString() },
    ];
  });
}

export async function saveFilter(
  db: Database,
  userId: string,
  input: { name: unknown; view: Record<string, unknown> },
): Promise<{ ok: true; id: string } | { ok: false; error: SaveFilterError }> {
  const name = nameSchema.safeParse(input.name);
  if (!name.success) return { ok: false, error: 'name' };
  const parsed = parseQueueView(input.view);
  if (!parsed.ok) return { ok: false, error: 'view' };
  const stored = Object.fromEntries(queueViewParams(parsed.view));
  stored.tab = parsed.view.tab;
  stored.sort = parsed.view.sort;
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: worklistSavedFilters.id, name: worklistSavedFilters.name })
      .from(worklistSavedFilters)
      .where(eq(worklistSavedFilters.userId, userId))
      .for('update');
    if (existing.some((e) => e.name === name.data)) return { ok: false, error: 'duplicate' };
    if (existing.length >= MAX_SAVED_FILTERS) return { ok: false, error: 'too_many' };
    const [row] = await tx
      .insert(worklistSavedFilters)
      .values({ userId, name: name.data, view: stored })
      .onConflictDoNothing()
      .returning({ id: worklistSavedFilters.id });
    if (!row) return { ok: false, error: 'duplicate' };
    return { ok: true, id: row.id };
  });
}

/** Deletes one of the user's own filters; false when there is no such filter of theirs. */
export async function deleteSavedFilter(
  db: Database,
  userId: string,
  filterId: string,
): Promise<boolean> {
  if (!z.uuid().safeParse(filterId).success) return false;
  const deleted = await db
    .delete(worklistSavedFilters)
    .where(and(eq(worklistSavedFilters.id, filterId), eq(worklistSavedFilters.userId, userId)))
    .returning({ id: worklistSavedFilters.id });
  return deleted.length === 1;
}
