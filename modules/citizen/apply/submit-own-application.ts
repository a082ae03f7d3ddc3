// Sends the citizen's draft as an application: validated again on the server, the draft claimed
// once (a second click or a replay finds it consumed and gets the same case), the case started
// exactly as from every channel (submitApplication, channel 'eservice'), the uploads attached to
// the new case and a PDF copy of the application stored as a document of the case.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { cases } from '@/db/schema';
import type { Database } from '@/db/client';
import { applicationDrafts } from '@/db/apply-schema';
import { documents } from '@/db/documents-schema';
import type { Engine } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { submitApplication } from '@/modules/cases/submit-application';
import { ownClientId } from '@/modules/citizen/own-cases';
import { AppError } from '@/modules/errors';
import type { Locale } from '@/modules/i18n/locales';
import { DraftData, validateApplication, type ApplyFieldError } from './application-form';
import { storeApplicationCopy } from './application-copy';

export class ApplicationInvalidError extends Error {
  constructor(readonly errors: ApplyFieldError[]) {
    super(`the application has ${errors.length} problem(s)`);
    this.name = 'ApplicationInvalidError';
  }
}

export interface SubmittedOwnApplication {
  caseId: string;
  /** false when this call found the draft already sent (double click, replay). */
  created: boolean;
}

/** How long a claimed draft may wait for its case before it counts as interrupted. */
const INTERRUPTED_AFTER_MS = 120_000;

async function caseOfConsumedDraft(db: Database, draftId: string): Promise<string> {
  // The first submission may still be starting the case: wait for it a little.
  for (let i = 0; i < 100; i++) {
    const [row] = await db
      .select({ caseId: applicationDrafts.caseId, submittedAt: applicationDrafts.submittedAt })
      .from(applicationDrafts)
      .where(eq(applicationDrafts.id, draftId));
    if (row?.caseId) return row.caseId;
    if (!row?.submittedAt) break;
    // A submission interrupted by a crash: the case may exist (it names its draft) without the
    // draft knowing it; if not, the draft opens again for another try.
    const [started] = await db
      .select({ id: cases.id })
      .from(cases)
      .where(sql`${cases.applicationData}->>'draftId' = ${draftId}`)
      .limit(1);
    if (started) {
      await db
        .update(applicationDrafts)
        .set({ caseId: started.id })
        .where(eq(applicationDrafts.id, draftId));
      return started.id;
    }
    if (Date.now() - row.submittedAt.getTime() > INTERRUPTED_AFTER_MS) {
      await db
        .update(applicationDrafts)
        .set({ submittedAt: null })
        .where(and(eq(applicationDrafts.id, draftId), isNull(applicationDrafts.caseId)));
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new AppError('invalid_input', 'the application is being sent; try again');
}

export async function submitOwnApplication(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  input: { draftId: string; locale: Locale },
): Promise<SubmittedOwnApplication> {
  const clientId = ownClientId(actor);
  const valid = /^[0-9a-f-]{36}$/i.test(input.draftId);
  const [draft] = valid
    ? await db
        .select()
        .from(applicationDrafts)
        .where(
          and(eq(applicationDrafts.id, input.draftId), eq(applicationDrafts.clientId, clientId)),
        )
    : [];
  if (!draft) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      clientId,
      details: { resource: 'application_draft', requestedId: input.draftId, reason: 'not_own' },
    });
    throw new AppError('not_found', 'no such draft of yours');
  }
  if (draft.submittedAt) return { caseId: await caseOfConsumedDraft(db, draft.id), created: false };

  const { errors, application } = validateApplication(DraftData.parse(draft.data));
  const ids = application?.attachmentDocumentIds ?? [];
  // Only the citizen's own, still unattached uploads can be claimed by the application.
  const own = ids.length
    ? await db
        .select({ id: documents.id })
        .from(documents)
        .where(
          and(
            inArray(documents.id, ids),
            eq(documents.clientId, clientId),
            eq(documents.createdBy, actor.userId),
            isNull(documents.caseId),
            isNull(documents.disposedAt),
          ),
        )
    : [];
  const found = new Set(own.map((d) => d.id));
  ids.forEach((id, i) => {
    if (!found.has(id)) errors.push({ field: `attachments.files.${i}`, code: 'attachment' });
  });
  if (errors.length || !application) throw new ApplicationInvalidError(errors);

  // The claim: one statement, so of two concurrent submissions exactly one goes on.
  const [claimed] = await db
    .update(applicationDrafts)
    .set({ submittedAt: new Date() })
    .where(
      and(
        eq(applicationDrafts.id, draft.id),
        isNull(applicationDrafts.submittedAt),
        // what was validated is what is sent: a save in between makes the claim fail
        eq(applicationDrafts.updatedAt, draft.updatedAt),
      ),
    )
    .returning({ id: applicationDrafts.id });
  if (!claimed) return { caseId: await caseOfConsumedDraft(db, draft.id), created: false };

  let caseId: string;
  try {
    const { supportType, urgent, ...facts } = application;
    ({ caseId } = await submitApplication(db, engine, actor, {
      clientId,
      channel: 'eservice',
      supportType,
      urgent,
      applicationData: { ...facts, language: input.locale, draftId: draft.id },
    }));
  } catch (error) {
    // Nothing was started: the draft is open again for another try.
    await db
      .update(applicationDrafts)
      .set({ submittedAt: null })
      .where(and(eq(applicationDrafts.id, draft.id), isNull(applicationDrafts.caseId)));
    throw error;
  }

  await db.transaction(async (tx) => {
    await tx.update(applicationDrafts).set({ caseId }).where(eq(applicationDrafts.id, draft.id));
    if (ids.length)
      await tx
        .update(documents)
        .set({ caseId })
        .where(
          and(
            inArray(documents.id, ids),
            eq(documents.clientId, clientId),
            isNull(documents.caseId),
          ),
        );
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'application.submit',
      clientId,
      purpose: 'citizen: own application',
      details: { draftId: draft.id, caseId, attachedDocumentIds: ids },
    });
  });
  try {
    await storeApplicationCopy(db, actor, caseId);
  } catch (error) {
    // The case stands; the receipt page makes the copy again.
    console.error('[apply] the PDF copy was not stored:', error);
  }
  return { caseId, created: true };
}
