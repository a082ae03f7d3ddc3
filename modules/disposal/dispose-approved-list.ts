// Job `archive.dispose`: carries out an approved disposal list. For each approved document the
// permanent disposal record (what, when, on whose approval) is written first, then its stored
// content is deleted through the storage port's approved-disposal delete. A legal hold, or an
// appeal to the administrative court, recorded after the approval still excludes; bytes that another live document shares are kept.
import { and, eq, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents, documentVersions } from '@/db/documents-schema';
import {
  disposalListItems,
  disposalLists,
  disposalRecords,
  type DisposedVersion,
} from '@/db/paths-schema';
import { cases } from '@/db/schema';
import { hasPendingCourtAppeal } from '@/modules/appeals/pending-court-appeal';
import { appendAudit } from '@/modules/audit';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { StorageError } from '../../storage/port';
import { nextDisposalAt } from './disposal-dates';
import { COURT_APPEAL_PENDING } from './propose-disposal';

/** The list lacks an archivist's recorded approval: a retry cannot help, a person must act. */
export class DisposalNotApprovedError extends Error {
  override name = 'DisposalNotApprovedError';
}

export interface DisposalOutcome {
  disposed: number;
  /** Documents of the case that remain to be disposed of later (excluded, held, not yet due). */
  remaining: number;
  /** Moved forward when something remains, else unchanged. */
  disposalAt: string;
}

async function deleteContent(
  listId: string,
  versions: DisposedVersion[],
  keys: Map<string, string>,
) {
  const store = configuredObjectStore();
  for (const version of versions) {
    if (!version.contentDeleted) continue;
    const key = keys.get(version.sha256);
    if (!key) continue;
    try {
      await store.delete(key, { disposalApprovalId: listId });
    } catch (error) {
      // Deleted by an earlier run of this job that stopped before it finished.
      if (!(error instanceof StorageError && error.code === 'not_found')) throw error;
    }
  }
}

export async function disposeApprovedList(
  db: Database,
  input: { disposalListId: string; disposalAt: string; now?: Date },
): Promise<DisposalOutcome> {
  const now = input.now ?? new Date();
  const today = helsinkiToday(now);
  const [list] = await db
    .select()
    .from(disposalLists)
    .where(eq(disposalLists.id, input.disposalListId));
  if (!list) throw new Error(`disposal list ${input.disposalListId} does not exist`);
  if (list.status !== 'approved' && list.status !== 'disposed')
    throw new DisposalNotApprovedError(
      `disposal list ${list.id} is ${list.status}: only a list an archivist approved is disposed of`,
    );
  if (!list.reviewedBy || !list.reviewedAt || !list.reviewedByName)
    throw new DisposalNotApprovedError(`disposal list ${list.id} has no recorded approver`);
  const [caseRow] = await db.select().from(cases).where(eq(cases.id, list.caseId));

  const items = await db
    .select()
    .from(disposalListItems)
    .where(
      and(
        eq(disposalListItems.listId, list.id),
        inArray(disposalListItems.state, ['proposed', 'disposed']),
      ),
    );
  const courtAppealPending = await hasPendingCourtAppeal(db, list.caseId);
  let disposed = 0;
  for (const item of items) {
    const [doc] = await db.select().from(documents).where(eq(documents.id, item.documentId));
    if (!doc) continue;
    const versions = await db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, doc.id));
    const keys = new Map(versions.map((v) => [v.sha256, v.storageKey]));
    if (item.state === 'disposed') {
      // A repeated job: the record exists; make sure the content is gone.
      const [record] = await db
        .select()
        .from(disposalRecords)
        .where(eq(disposalRecords.documentId, doc.id));
      if (record) await deleteContent(list.id, record.versions, keys);
      disposed++;
      continue;
    }
    if (
      doc.legalHold ||
      courtAppealPending ||
      !doc.disposalDate ||
      doc.disposalDate > today ||
      doc.disposedAt
    ) {
      await db
        .update(disposalListItems)
        .set(
          doc.legalHold
            ? { state: 'legal_hold', reason: 'legal hold' }
            : courtAppealPending
              ? { state: 'legal_hold', reason: COURT_APPEAL_PENDING }
              : { state: 'kept', reason: 'not due for disposal' },
        )
        .where(eq(disposalListItems.id, item.id));
      continue;
    }
    // Content-addressed storage: identical bytes of another live document stay.
    const shared = versions.length
      ? await db
          .select({ sha256: documentVersions.sha256 })
          .from(documentVersions)
          .innerJoin(documents, eq(documents.id, documentVersions.documentId))
          .where(
            and(
              inArray(
                documentVersions.storageKey,
                versions.map((v) => v.storageKey),
              ),
              ne(documentVersions.documentId, doc.id),
              isNull(documents.disposedAt),
            ),
          )
      : [];
    const sharedSha = new Set(shared.map((s) => s.sha256));
    const record: DisposedVersion[] = versions.map((v) => ({
      versionNo: v.versionNo,
      kind: v.kind,
      sha256: v.sha256,
      size: v.size,
      mediaType: v.mediaType,
      contentDeleted: !sharedSha.has(v.sha256),
    }));
    await db.transaction(async (tx) => {
      await tx
        .insert(disposalRecords)
        .values({
          listId: list.id,
          documentId: doc.id,
          clientId: doc.clientId,
          caseId: doc.caseId,
          caseNumber: caseRow?.caseNumber ?? null,
          documentType: doc.type,
          title: doc.title,
          retentionClass: doc.retentionClass,
          disposalDate: doc.disposalDate,
          versions: record,
          approvedBy: list.reviewedBy!,
          approvedByName: list.reviewedByName!,
          approvedAt: list.reviewedAt!,
          disposedAt: now,
        })
        .onConflictDoNothing();
      // The text layer is client data too: it goes with the content.
      await tx
        .update(documents)
        .set({ disposedAt: now, contentText: null })
        .where(eq(documents.id, doc.id));
      await tx
        .update(disposalListItems)
        .set({ state: 'disposed' })
        .where(eq(disposalListItems.id, item.id));
      await appendAudit(tx, {
        actorName: 'system: archive.dispose',
        action: 'document.dispose',
        clientId: doc.clientId,
        purpose: 'approved disposal',
        details: {
          disposalListId: list.id,
          documentId: doc.id,
          approvedBy: list.reviewedBy,
          versions: record.map((v) => ({ sha256: v.sha256, contentDeleted: v.contentDeleted })),
        },
      });
    });
    await deleteContent(list.id, record, keys);
    disposed++;
  }
  if (list.status !== 'disposed')
    await db
      .update(disposalLists)
      .set({ status: 'disposed', disposedAt: now })
      .where(eq(disposalLists.id, list.id));

  const remainingDocs = await db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.caseId, list.caseId),
        isNull(documents.disposedAt),
        isNotNull(documents.disposalDate),
      ),
    );
  const remaining = remainingDocs.length;
  return {
    disposed,
    remaining,
    disposalAt: remaining ? nextDisposalAt(input.disposalAt, now).disposalAt : input.disposalAt,
  };
}

/** Job `archive.postpone-disposal`: the archivist postponed the list; wait until the new day. */
export async function postponeDisposal(
  db: Database,
  input: { disposalListId: string; disposalAt: string; now?: Date },
): Promise<{ disposalAt: string }> {
  const [list] = await db
    .select()
    .from(disposalLists)
    .where(eq(disposalLists.id, input.disposalListId));
  if (!list) throw new Error(`disposal list ${input.disposalListId} does not exist`);
  return {
    disposalAt: nextDisposalAt(input.disposalAt, input.now ?? new Date(), list.postponeUntil)
      .disposalAt,
  };
}
