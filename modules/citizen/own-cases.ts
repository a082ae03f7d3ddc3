// The citizen's own cases in the e-service: the list with plain-language status and the date a
// decision is due at the latest, one case with its letters and decisions, an open request for
// additional information, the notification date and appeal deadline, and the reply that
// resumes the case. A citizen sees only cases where they are the applicant; anything else
// looks like a missing case, and the attempt is audited.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { clientMessages } from '@/db/casework-schema';
import { cases } from '@/db/schema';
import type { Engine, Variables } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { recordInformationReply } from '@/modules/cases/information-request';
import { listClientDeliveries, type InboxEntry } from '@/modules/delivery';
import { AppError } from '@/modules/errors';
import { attachOwnUploads, MAX_ATTACHMENTS } from './own-uploads';

export type OwnCaseRow = Pick<
  typeof cases.$inferSelect,
  'id' | 'caseNumber' | 'status' | 'receivedOn' | 'decisionDueOn' | 'supportType' | 'closedAt'
>;

export interface OpenInformationRequest {
  items: string[];
  freeText: string | null;
  replyDueOn: string | null;
}

export interface OwnCase {
  case: OwnCaseRow;
  letters: InboxEntry[];
  informationRequest: OpenInformationRequest | null;
  replies: (typeof clientMessages.$inferSelect)[];
  notifiedOn: string | null;
  appealDeadline: string | null;
}

export function ownClientId(actor: LoadedActor): string {
  if (!actor.roles.includes('citizen') || !actor.clientId)
    throw new AppError('forbidden', 'the e-service is for citizens linked to the client register');
  return actor.clientId;
}

const columns = {
  id: cases.id,
  caseNumber: cases.caseNumber,
  status: cases.status,
  receivedOn: cases.receivedOn,
  decisionDueOn: cases.decisionDueOn,
  supportType: cases.supportType,
  closedAt: cases.closedAt,
};

export async function listOwnCases(db: Database, actor: LoadedActor): Promise<OwnCaseRow[]> {
  const clientId = ownClientId(actor);
  const rows = await db
    .select(columns)
    .from(cases)
    .where(eq(cases.clientId, clientId))
    .orderBy(desc(cases.createdAt));
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'case.list',
    clientId,
    purpose: 'citizen: own cases',
    details: { count: rows.length },
  });
  return rows;
}

async function ownCaseRow(db: Database, actor: LoadedActor, caseId: string): Promise<OwnCaseRow> {
  const clientId = ownClientId(actor);
  const valid = z.uuid().safeParse(caseId).success;
  const [row] = valid
    ? await db
        .select(columns)
        .from(cases)
        .where(and(eq(cases.id, caseId), eq(cases.clientId, clientId)))
    : [];
  if (!row) {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      clientId,
      details: { resource: 'case', requestedId: caseId, reason: 'not_own_case' },
    });
    throw new AppError('not_found', 'no such case of yours');
  }
  return row;
}

/** The request for additional information the case waits on, if any (from the engine). */
async function openInformationRequest(
  engine: Engine,
  caseId: string,
): Promise<OpenInformationRequest | null> {
  const [instance] = await engine.listInstances({
    businessKey: caseId,
    bpmnProcessId: 'additional-information-request',
    state: 'ACTIVE',
  });
  if (!instance) return null;
  const history = await engine.getHistory(instance.processInstanceKey);
  // only once the letter is out and the reply is awaited
  const waiting = history.some(
    (h) =>
      h.state === 'ACTIVE' &&
      (h.elementType === 'bpmn:IntermediateCatchEvent' || h.elementType === 'bpmn:ReceiveTask'),
  );
  if (!waiting) return null;
  const v: Variables = await engine.getVariables(instance.processInstanceKey);
  return {
    items: Array.isArray(v.missingItems) ? v.missingItems.map(String) : [],
    freeText:
      typeof v.missingItemsText === 'string' && v.missingItemsText ? v.missingItemsText : null,
    replyDueOn: typeof v.replyDueOn === 'string' ? v.replyDueOn : null,
  };
}

export async function openOwnCase(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  caseId: string,
): Promise<OwnCase> {
  const row = await ownCaseRow(db, actor, caseId);
  const clientId = actor.clientId!;
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'case.read',
    clientId,
    purpose: 'citizen: own case',
    details: { caseId },
  });
  const letters = (await listClientDeliveries(db, actor, clientId, null)).filter(
    (l) => l.caseId === caseId,
  );
  const replies = await db
    .select()
    .from(clientMessages)
    .where(eq(clientMessages.caseId, caseId))
    .orderBy(desc(clientMessages.sentAt));
  const [application] = await engine.listInstances({
    businessKey: caseId,
    bpmnProcessId: 'application',
  });
  const vars: Variables = application
    ? await engine.getVariables(application.processInstanceKey)
    : {};
  return {
    case: row,
    letters,
    informationRequest: await openInformationRequest(engine, caseId),
    replies,
    notifiedOn: typeof vars.notifiedOn === 'string' ? vars.notifiedOn : null,
    appealDeadline: typeof vars.appealDeadline === 'string' ? vars.appealDeadline : null,
  };
}

export const REPLY_MAX_LENGTH = 4000;
const replyInput = z.object({
  message: z.string().trim().min(1).max(REPLY_MAX_LENGTH),
  attachmentIds: z.array(z.uuid()).max(MAX_ATTACHMENTS).default([]),
});

/**
 * The citizen's reply to a request for additional information: the message is kept, and the
 * case resumes (a deduplicated message to the engine). Attachments are uploaded to the case
 * before sending, through the document store.
 */
export async function replyToInformationRequest(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  caseId: string,
  input: unknown,
): Promise<{ messageId: string }> {
  const parsed = replyInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', 'a message is required');
  const row = await ownCaseRow(db, actor, caseId);
  if (!(await openInformationRequest(engine, row.id)))
    throw new AppError('invalid_input', 'no request for additional information is open');
  const purpose = 'citizen: reply to a request for additional information';
  const message = await db.transaction(async (tx) => {
    const attachmentIds = await attachOwnUploads(tx, actor, parsed.data.attachmentIds, {
      caseId: row.id,
      type: 'attachment',
      purpose,
    });
    const [inserted] = await tx
      .insert(clientMessages)
      .values({
        clientId: actor.clientId!,
        caseId: row.id,
        kind: 'information_reply',
        body: parsed.data.message,
        sentBy: actor.userId,
        attachmentIds,
      })
      .returning();
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'case.reply',
      clientId: actor.clientId,
      purpose,
      details: { caseId: row.id, messageId: inserted!.id, attachmentIds },
    });
    return inserted!;
  });
  await recordInformationReply(db, engine, { caseId: row.id, replyId: message.id });
  return { messageId: message.id };
}
