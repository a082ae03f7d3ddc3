// The further appeal to the administrative court (valitus hallinto-oikeuteen): staff who handle
// the case record that the client appealed the ruling, and later the court's outcome. While an
// appeal is pending the case's records are not disposed of (modules/disposal treats it like a
// legal hold). Every record, read and refusal is audited.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { COURT_APPEAL_OUTCOMES, COURT_FILING_DATE_KINDS, courtAppeals } from '@/db/appeals-schema';
import { documents } from '@/db/documents-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { caseForActor } from '@/modules/cases/open-case';
import { AppError } from '@/modules/errors';

export type CourtAppeal = typeof courtAppeals.$inferSelect;

/** Problems shown as `appeals.court.errors.<error>` in the user's language. */
export type CourtAppealError =
  | 'invalid'
  | 'futureDate'
  | 'notRulingOfCase'
  | 'notFound'
  | 'outcomeRecorded'
  | 'outcomeBeforeFiling';

export type CourtAppealResult =
  { ok: true; courtAppeal: CourtAppeal } | { ok: false; error: CourtAppealError };

export const CourtAppealInput = z.object({
  court: z.string().trim().min(1).max(200),
  /** The day the court received the appeal, or the day it was filed (`filedOnKind`). */
  filedOn: z.iso.date(),
  filedOnKind: z.enum(COURT_FILING_DATE_KINDS),
  courtReference: z.string().trim().max(100).nullish(),
  rulingDocumentId: z.uuid().nullish(),
});
export type CourtAppealInput = z.input<typeof CourtAppealInput>;

export const CourtOutcomeInput = z.object({
  outcome: z.enum(COURT_APPEAL_OUTCOMES),
  outcomeOn: z.iso.date(),
  outcomeNotes: z.string().trim().max(4000).nullish(),
  /** The court's reference, if it was not known when the appeal was recorded. */
  courtReference: z.string().trim().max(100).nullish(),
});
export type CourtOutcomeInput = z.input<typeof CourtOutcomeInput>;

/** Documents that can be appealed to the court: rulings and decisions of the case. */
const APPEALABLE_TYPES = ['appeal', 'decision'] as const;

export async function recordCourtAppeal(
  db: Database,
  actor: LoadedActor,
  caseId: string,
  raw: CourtAppealInput,
  now: Date = new Date(),
): Promise<CourtAppealResult> {
  if (!z.uuid().safeParse(caseId).success) throw new AppError('not_found', 'no such case');
  const { row, client } = await caseForActor(db, actor, caseId, 'court appeal');
  const parsed = CourtAppealInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  const input = parsed.data;
  if (input.filedOn > helsinkiToday(now)) return { ok: false, error: 'futureDate' };
  if (input.rulingDocumentId) {
    const [ruling] = await db
      .select({ id: documents.id })
      .from(documents)
      .where(
        and(
          eq(documents.id, input.rulingDocumentId),
          eq(documents.caseId, row.id),
          inArray(documents.type, [...APPEALABLE_TYPES]),
        ),
      );
    if (!ruling) return { ok: false, error: 'notRulingOfCase' };
  }
  return db.transaction(async (tx) => {
    const [courtAppeal] = await tx
      .insert(courtAppeals)
      .values({
        caseId: row.id,
        clientId: client.id,
        rulingDocumentId: input.rulingDocumentId ?? null,
        court: input.court,
        filedOn: input.filedOn,
        filedOnKind: input.filedOnKind,
        courtReference: input.courtReference || null,
        recordedBy: actor.userId,
        recordedByName: actor.displayName,
        recordedAt: now,
      })
      .returning();
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'court_appeal.record',
      clientId: client.id,
      purpose: `case:${row.id}`,
      details: {
        caseId: row.id,
        courtAppealId: courtAppeal!.id,
        court: courtAppeal!.court,
        filedOn: courtAppeal!.filedOn,
        filedOnKind: courtAppeal!.filedOnKind,
        rulingDocumentId: courtAppeal!.rulingDocumentId,
      },
    });
    return { ok: true, courtAppeal: courtAppeal! };
  });
}

/** The court's outcome, recorded once; the appeal then no longer holds disposal. */
export async function recordCourtAppealOutcome(
  db: Database,
  actor: LoadedActor,
  courtAppealId: string,
  raw: CourtOutcomeInput,
  now: Date = new Date(),
): Promise<CourtAppealResult> {
  if (!z.uuid().safeParse(courtAppealId).success) return { ok: false, error: 'notFound' };
  const [existing] = await db.select().from(courtAppeals).where(eq(courtAppeals.id, courtAppealId));
  if (!existing) return { ok: false, error: 'notFound' };
  const { row, client } = await caseForActor(db, actor, existing.caseId, 'court appeal outcome');
  const parsed = CourtOutcomeInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  const input = parsed.data;
  if (existing.outcome) return { ok: false, error: 'outcomeRecorded' };
  if (input.outcomeOn > helsinkiToday(now)) return { ok: false, error: 'futureDate' };
  if (input.outcomeOn < existing.filedOn) return { ok: false, error: 'outcomeBeforeFiling' };
  return db.transaction(async (tx) => {
    // Two people recording at once: only the first outcome is kept.
    const [updated] = await tx
      .update(courtAppeals)
      .set({
        outcome: input.outcome,
        outcomeOn: input.outcomeOn,
        outcomeNotes: input.outcomeNotes || null,
        courtReference: input.courtReference || existing.courtReference,
        outcomeRecordedBy: actor.userId,
        outcomeRecordedByName: actor.displayName,
        outcomeRecordedAt: now,
      })
      .where(and(eq(courtAppeals.id, existing.id), isNull(courtAppeals.outcome)))
      .returning();
    if (!updated) return { ok: false, error: 'outcomeRecorded' } as const;
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'court_appeal.outcome',
      clientId: client.id,
      purpose: `case:${row.id}`,
      details: {
        caseId: row.id,
        courtAppealId: updated.id,
        outcome: updated.outcome,
        outcomeOn: updated.outcomeOn,
      },
    });
    return { ok: true, courtAppeal: updated } as const;
  });
}

/** The court appeals of a case, newest first, for staff who may handle it (audited read). */
export async function listCourtAppeals(
  db: Database,
  actor: LoadedActor,
  caseId: string,
): Promise<CourtAppeal[]> {
  if (!z.uuid().safeParse(caseId).success) throw new AppError('not_found', 'no such case');
  const { row, client } = await caseForActor(db, actor, caseId, 'court appeals');
  const rows = await db
    .select()
    .from(courtAppeals)
    .where(eq(courtAppeals.caseId, row.id))
    .orderBy(desc(courtAppeals.recordedAt));
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'court_appeal.list',
    clientId: client.id,
    purpose: `case:${row.id}`,
    details: { caseId: row.id, count: rows.length },
  });
  return rows;
}
