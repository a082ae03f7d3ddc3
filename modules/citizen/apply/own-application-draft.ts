// The citizen's one open application draft: loaded (or prefilled from the client register when
// there is none yet) and saved as typed. Only the citizen's own client; every read and save audited.
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { applicationDrafts } from '@/db/apply-schema';
import { cases, clients, households } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { ownClientId } from '@/modules/citizen/own-cases';
import { AppError } from '@/modules/errors';
import { DraftData, emptyDraft, isStep, type Step } from './application-form';

export interface OwnDraft {
  draftId: string | null;
  data: DraftData;
  step: Step | 'review';
  updatedAt: Date | null;
}

/** Register data the citizen need not type again: name, code, address, contacts, household, last IBAN. */
export async function prefillFromRegister(db: Database, clientId: string): Promise<DraftData> {
  const [client] = await db.select().from(clients).where(eq(clients.id, clientId));
  if (!client) throw new AppError('not_found', 'no such client');
  const [household] = client.householdId
    ? await db.select().from(households).where(eq(households.id, client.householdId))
    : [];
  const members = client.householdId
    ? await db
        .select()
        .from(clients)
        .where(and(eq(clients.householdId, client.householdId), ne(clients.id, client.id)))
        .orderBy(clients.birthDate)
    : [];
  const [last] = await db
    .select({ iban: sql<string | null>`${cases.applicationData}->>'iban'` })
    .from(cases)
    .where(and(eq(cases.clientId, clientId), sql`${cases.applicationData} ? 'iban'`))
    .orderBy(desc(cases.createdAt))
    .limit(1);
  const data = emptyDraft();
  data.applicant = {
    firstNames: client.firstNames,
    lastName: client.lastName,
    identityCode: client.identityCode,
    streetAddress: household?.streetAddress ?? '',
    postalCode: household?.postalCode ?? '',
    municipality: household?.municipality ?? '',
    email: client.email ?? '',
    phone: client.phone ?? '',
  };
  data.household.members = members.map((m) => ({
    name: `${m.firstNames} ${m.lastName}`,
    identityCode: m.identityCode,
    relation:
      m.householdRole === 'spouse' || m.householdRole === 'child' ? m.householdRole : 'other',
  }));
  data.bank.iban = last?.iban ?? '';
  return data;
}

async function openDraftRow(db: Database, clientId: string) {
  const [row] = await db
    .select()
    .from(applicationDrafts)
    .where(and(eq(applicationDrafts.clientId, clientId), isNull(applicationDrafts.submittedAt)));
  return row ?? null;
}

/** Whether the citizen has an application in progress (for "continue your application"). */
export async function hasOpenDraft(db: Database, actor: LoadedActor): Promise<Date | null> {
  const row = await openDraftRow(db, ownClientId(actor));
  return row?.updatedAt ?? null;
}

export async function loadOwnDraft(db: Database, actor: LoadedActor): Promise<OwnDraft> {
  const clientId = ownClientId(actor);
  const row = await openDraftRow(db, clientId);
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'application.draft_read',
    clientId,
    purpose: 'citizen: own application',
    details: { draftId: row?.id ?? null, prefilled: !row },
  });
  if (!row)
    return {
      draftId: null,
      data: await prefillFromRegister(db, clientId),
      step: 'applicant',
      updatedAt: null,
    };
  return {
    draftId: row.id,
    data: DraftData.parse(row.data),
    step: isStep(row.step) || row.step === 'review' ? row.step : 'applicant',
    updatedAt: row.updatedAt,
  };
}

/**
 * Saves what was typed. With a draft id only that open draft of the own client is updated (a
 * submitted or foreign draft is refused: a late autosave must not reopen a sent application);
 * without one the client's open draft is created or updated.
 */
export async function saveOwnDraft(
  db: Database,
  actor: LoadedActor,
  input: { draftId: string | null; data: unknown; step: string },
): Promise<{ draftId: string; updatedAt: Date }> {
  const clientId = ownClientId(actor);
  const data = DraftData.parse(input.data ?? {});
  const step = isStep(input.step) || input.step === 'review' ? input.step : 'applicant';
  const now = new Date();
  let row: { id: string; updatedAt: Date } | undefined;
  if (input.draftId) {
    const valid = /^[0-9a-f-]{36}$/i.test(input.draftId);
    [row] = valid
      ? await db
          .update(applicationDrafts)
          .set({ data, step, updatedAt: now })
          .where(
            and(
              eq(applicationDrafts.id, input.draftId),
              eq(applicationDrafts.clientId, clientId),
              isNull(applicationDrafts.submittedAt),
            ),
          )
          .returning({ id: applicationDrafts.id, updatedAt: applicationDrafts.updatedAt })
      : [];
    if (!row) {
      await appendAudit(db, {
        actorUserId: actor.userId,
        actorName: actor.displayName,
        action: 'access.denied',
        clientId,
        details: { resource: 'application_draft', requestedId: input.draftId, reason: 'not_open' },
      });
      throw new AppError('not_found', 'no such open draft of yours');
    }
  } else {
    [row] = await db
      .insert(applicationDrafts)
      .values({ clientId, data, step, createdBy: actor.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: applicationDrafts.clientId,
        targetWhere: sql`${applicationDrafts.submittedAt} IS NULL`,
        set: { data, step, updatedAt: now },
      })
      .returning({ id: applicationDrafts.id, updatedAt: applicationDrafts.updatedAt });
  }
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'application.draft_save',
    clientId,
    purpose: 'citizen: own application',
    details: { draftId: row!.id, step },
  });
  return { draftId: row!.id, updatedAt: row!.updatedAt };
}
