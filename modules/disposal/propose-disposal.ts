// Job `archive.propose-disposal`: the disposal list of one case whose records fell due. Due
// documents are proposed; a legal hold always excludes, and so does an appeal of the case still
// pending before the administrative court; documents without a disposal date (permanent, or
// never given one) and the permanent sample are never listed for disposal.
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { documents } from '@/db/documents-schema';
import { disposalListItems, disposalLists } from '@/db/paths-schema';
import { cases, clients } from '@/db/schema';
import { hasPendingCourtAppeal } from '@/modules/appeals/pending-court-appeal';
import { appendAudit } from '@/modules/audit';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { sampleDays } from '@/modules/retention/retention-rules';
import { nextDisposalAt } from './disposal-dates';

export interface DisposalProposal {
  disposalListId: string;
  proposed: number;
  held: number;
  /** Nothing may be disposed now because of legal holds: the process waits again. */
  legalHold: boolean;
  /** Moved forward when the process waits again, else unchanged. */
  disposalAt: string;
}

/** The reason of items held because the case's appeal is still before the court. */
export const COURT_APPEAL_PENDING = 'court appeal pending';

type ListItem = Pick<typeof disposalListItems.$inferInsert, 'documentId' | 'state' | 'reason'>;

export async function proposeDisposal(
  db: Database,
  input: { caseId: string; processInstanceKey: string; disposalAt: string; now?: Date },
): Promise<DisposalProposal> {
  const now = input.now ?? new Date();
  const today = helsinkiToday(now);
  const [caseRow] = await db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!caseRow) throw new Error(`case ${input.caseId} does not exist`);
  const [client] = await db.select().from(clients).where(eq(clients.id, caseRow.clientId));
  if (!client) throw new Error(`client of case ${input.caseId} does not exist`);
  const permanentSample = sampleDays().includes(Number(client.birthDate.slice(8, 10)));

  return db.transaction(async (tx) => {
    const roundKey = `${input.processInstanceKey}:${input.disposalAt}`;
    const inserted = await tx
      .insert(disposalLists)
      .values({
        roundKey,
        processInstanceKey: input.processInstanceKey,
        caseId: caseRow.id,
        clientId: client.id,
        dueOn: today,
      })
      .onConflictDoNothing()
      .returning({ id: disposalLists.id });
    const [list] = await tx
      .select()
      .from(disposalLists)
      .where(eq(disposalLists.roundKey, roundKey));
    if (inserted.length) {
      const courtAppealPending = await hasPendingCourtAppeal(tx, caseRow.id);
      const docs = await tx
        .select()
        .from(documents)
        .where(and(eq(documents.caseId, caseRow.id), isNull(documents.disposedAt)));
      const items: ListItem[] = docs.flatMap((doc): ListItem[] => {
        if (!doc.disposalDate || doc.disposalDate > today) return [];
        if (permanentSample)
          return [{ documentId: doc.id, state: 'kept', reason: 'permanent sample' }];
        if (doc.legalHold)
          return [{ documentId: doc.id, state: 'legal_hold', reason: 'legal hold' }];
        if (courtAppealPending)
          return [{ documentId: doc.id, state: 'legal_hold', reason: COURT_APPEAL_PENDING }];
        return [{ documentId: doc.id, state: 'proposed', reason: null }];
      });
      if (items.length)
        await tx.insert(disposalListItems).values(items.map((i) => ({ ...i, listId: list!.id })));
      await appendAudit(tx, {
        actorName: 'system: archive.propose-disposal',
        action: 'disposal.propose',
        clientId: client.id,
        purpose: 'disposal list drawn up',
        details: {
          caseId: caseRow.id,
          disposalListId: list!.id,
          items: items.map((i) => ({ documentId: i.documentId, state: i.state })),
        },
      });
    }
    const items = await tx
      .select()
      .from(disposalListItems)
      .where(eq(disposalListItems.listId, list!.id));
    const proposed = items.filter((i) => i.state === 'proposed').length;
    const held = items.filter((i) => i.state === 'legal_hold').length;
    const legalHold = proposed === 0 && held > 0;
    return {
      disposalListId: list!.id,
      proposed,
      held,
      legalHold,
      disposalAt: legalHold ? nextDisposalAt(input.disposalAt, now).disposalAt : input.disposalAt,
    };
  });
}
