// The archivist's decision on a disposal list (user task `disposal-approval`): approve it,
// optionally excluding items with a reason, or postpone the whole list. The decision is kept
// on the list (who, when); `archive.dispose` acts only on a list approved here.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { disposalListItems, disposalLists } from '@/db/paths-schema';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { AppError } from '@/modules/errors';
import { completeTask } from '@/modules/tasks/complete-task';

/** Problems shown as `letters.disposal.<error>` in the user's language. */
export type DisposalReviewError =
  'noList' | 'unknownItem' | 'closed' | 'postponeDate' | 'reasonRequired';

export const DisposalReviewInput = z.object({
  userTaskKey: z.string().min(1),
  approve: z.boolean(),
  exclusions: z
    .array(z.object({ documentId: z.uuid(), reason: z.string().trim().max(1000) }))
    .max(10_000)
    .default([]),
  postponeUntil: z.iso.date().nullish(),
});
export type DisposalReviewInput = z.input<typeof DisposalReviewInput>;

export type DisposalReviewResult =
  | { ok: true; disposalListId: string; excluded: number }
  | { ok: false; error: DisposalReviewError };

export async function reviewDisposalList(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  raw: DisposalReviewInput,
  now: Date = new Date(),
): Promise<DisposalReviewResult> {
  const parsed = DisposalReviewInput.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.message);
  const input = parsed.data;
  if (!actor.roles.includes('archivist')) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      details: { resource: 'disposal_list', userTaskKey: input.userTaskKey, reason: 'no_role' },
    });
    throw new AppError('forbidden', 'only archivists approve disposal lists');
  }
  const task = await engine.getUserTask(input.userTaskKey).catch(() => null);
  if (!task || task.state !== 'CREATED' || task.elementId !== 'approve-disposal')
    return { ok: false, error: 'noList' };
  const [list] = await db
    .select()
    .from(disposalLists)
    .where(eq(disposalLists.processInstanceKey, task.processInstanceKey))
    .orderBy(desc(disposalLists.createdAt))
    .limit(1);
  if (!list) return { ok: false, error: 'noList' };
  if (list.status === 'disposed') return { ok: false, error: 'closed' };
  const items = await db
    .select()
    .from(disposalListItems)
    .where(eq(disposalListItems.listId, list.id));
  const reviewable = new Set(
    items.filter((i) => i.state === 'proposed' || i.state === 'excluded').map((i) => i.documentId),
  );
  if (input.exclusions.some((e) => !reviewable.has(e.documentId)))
    return { ok: false, error: 'unknownItem' };
  if (input.exclusions.some((e) => !e.reason)) return { ok: false, error: 'reasonRequired' };
  if (!input.approve && input.postponeUntil && input.postponeUntil <= helsinkiToday(now))
    return { ok: false, error: 'postponeDate' };

  const excludedIds = input.exclusions.map((e) => e.documentId);
  await db.transaction(async (tx) => {
    // A second review of the same open task replaces the first.
    await tx
      .update(disposalListItems)
      .set({ state: 'proposed', reason: null })
      .where(and(eq(disposalListItems.listId, list.id), eq(disposalListItems.state, 'excluded')));
    for (const exclusion of input.exclusions) {
      await tx
        .update(disposalListItems)
        .set({ state: 'excluded', reason: exclusion.reason })
        .where(
          and(
            eq(disposalListItems.listId, list.id),
            eq(disposalListItems.documentId, exclusion.documentId),
          ),
        );
    }
    await tx
      .update(disposalLists)
      .set({
        status: input.approve ? 'approved' : 'rejected',
        reviewedBy: actor.userId,
        reviewedByName: actor.displayName,
        reviewedAt: now,
        postponeUntil: input.approve ? null : (input.postponeUntil ?? null),
      })
      .where(eq(disposalLists.id, list.id));
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'disposal.review',
      clientId: list.clientId,
      purpose: 'disposal list review',
      details: {
        disposalListId: list.id,
        approved: input.approve,
        excluded: excludedIds,
        postponeUntil: input.postponeUntil ?? null,
      },
    });
  });
  await completeTask(db, engine, actor, input.userTaskKey, {
    disposalApproved: input.approve,
    postponeUntil: input.approve ? null : (input.postponeUntil ?? null),
  });
  return { ok: true, disposalListId: list.id, excluded: excludedIds.length };
}
