// Opens one case for a staff member: decides access, checks the stated purpose (the task being
// worked on, or a reason), audits the read or the refusal, and gathers everything the case
// view shows: client and household, the application, documents, the process instances with
// their history, open tasks, notes, contacts and a timeline.
import { asc, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { caseNotes, clientContacts } from '@/db/casework-schema';
import { documents } from '@/db/documents-schema';
import {
  alerts,
  cases,
  clients,
  households,
  paymentInstructions,
  units,
  type LocalisedText,
} from '@/db/schema';
import type { Engine, HistoryEntry, ProcessInstance, UserTask } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { decideCaseAccess } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import { taskForActor } from '@/modules/tasks/complete-task';

export type CasePurpose = { kind: 'task'; userTaskKey: string } | { kind: 'reason'; text: string };

export type CaseRow = typeof cases.$inferSelect;
export type ClientRow = typeof clients.$inferSelect;
export type CaseNote = typeof caseNotes.$inferSelect;
export type ClientContact = typeof clientContacts.$inferSelect;

export interface CaseInstance {
  instance: ProcessInstance;
  history: HistoryEntry[];
}

export type TimelineKind = 'received' | 'step' | 'task' | 'document' | 'note' | 'contact' | 'alert';

export interface TimelineItem {
  at: Date;
  kind: TimelineKind;
  /** Element id, document type, contact channel, alert kind… (translated by the page). */
  code: string;
  text: string;
}

export interface OpenedCase {
  case: CaseRow;
  unitName: LocalisedText | null;
  client: ClientRow;
  household: typeof households.$inferSelect | null;
  members: ClientRow[];
  documents: (typeof documents.$inferSelect)[];
  instances: CaseInstance[];
  openTasks: UserTask[];
  notes: CaseNote[];
  contacts: ClientContact[];
  payments: (typeof paymentInstructions.$inferSelect)[];
  timeline: TimelineItem[];
  purpose: string;
}

/** Minimum length of a free-text reason for opening a case without a task. */
export const MIN_REASON_LENGTH = 10;

/** The element types that make a readable timeline (gateways and flows are left out). */
const TIMELINE_TYPES = new Set([
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:CallActivity',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
  'bpmn:EndEvent',
]);

async function denied(
  db: Database,
  actor: LoadedActor,
  caseId: string,
  clientId: string | null,
  reason: string,
  purpose: string | null,
): Promise<never> {
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'access.denied',
    clientId,
    purpose,
    details: { resource: 'case', requestedId: caseId, reason },
  });
  throw new AppError(reason === 'not_found' ? 'not_found' : 'forbidden', 'case not available');
}

/** The case and its client if the actor may handle it; a refusal is audited and thrown. */
export async function caseForActor(
  db: Database,
  actor: LoadedActor,
  caseId: string,
  purposeText: string | null,
): Promise<{ row: CaseRow; client: ClientRow; basis: string }> {
  const [found] = await db
    .select({ c: cases, client: clients })
    .from(cases)
    .innerJoin(clients, eq(clients.id, cases.clientId))
    .where(eq(cases.id, caseId))
    .limit(1);
  if (!found) return denied(db, actor, caseId, null, 'not_found', purposeText);
  const decision = decideCaseAccess(actor, {
    unitId: found.c.unitId,
    client: {
      id: found.client.id,
      responsibleUnitId: found.client.responsibleUnitId,
      householdId: found.client.householdId,
    },
  });
  if (!decision.allowed)
    return denied(db, actor, caseId, found.client.id, decision.reason, purposeText);
  return { row: found.c, client: found.client, basis: decision.basis };
}

/** Loads a case the actor may see (access check and audit row), without the case view's data. */
export async function authorizeCase(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  caseId: string,
  purpose: CasePurpose,
): Promise<{ row: CaseRow; client: ClientRow; purposeText: string }> {
  const purposeText =
    purpose.kind === 'task' ? `task:${purpose.userTaskKey}` : `reason:${purpose.text.trim()}`;
  const found = await caseForActor(db, actor, caseId, purposeText);
  if (purpose.kind === 'reason') {
    if (purpose.text.trim().length < MIN_REASON_LENGTH)
      throw new AppError('invalid_input', 'a reason of at least 10 characters is required');
  } else {
    // The task must be one of this case's and be workable by the actor (its queues or theirs).
    const task = await taskForActor(db, engine, actor, purpose.userTaskKey).catch(() => null);
    if (!task || task.businessKey !== caseId)
      return denied(db, actor, caseId, found.client.id, 'task_not_of_case', purposeText);
  }
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'case.read',
    clientId: found.client.id,
    purpose: purposeText,
    details: { caseId, caseNumber: found.row.caseNumber, basis: found.basis },
  });
  return { row: found.row, client: found.client, purposeText };
}

export async function openCase(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  caseId: string,
  purpose: CasePurpose,
): Promise<OpenedCase> {
  const { row, client, purposeText } = await authorizeCase(db, engine, actor, caseId, purpose);

  const [household] = client.householdId
    ? await db.select().from(households).where(eq(households.id, client.householdId))
    : [];
  const members = client.householdId
    ? await db
        .select()
        .from(clients)
        .where(eq(clients.householdId, client.householdId))
        .orderBy(asc(clients.birthDate))
    : [client];
  const [unit] = row.unitId
    ? await db.select({ name: units.name }).from(units).where(eq(units.id, row.unitId))
    : [];
  const docs = await db
    .select()
    .from(documents)
    .where(eq(documents.caseId, caseId))
    .orderBy(desc(documents.createdAt));
  const notes = await db
    .select()
    .from(caseNotes)
    .where(eq(caseNotes.clientId, client.id))
    .orderBy(desc(caseNotes.createdAt));
  const contacts = await db
    .select()
    .from(clientContacts)
    .where(eq(clientContacts.clientId, client.id))
    .orderBy(desc(clientContacts.contactAt));
  const payments = await db
    .select()
    .from(paymentInstructions)
    .where(eq(paymentInstructions.caseId, caseId));
  const caseAlerts = await db.select().from(alerts).where(eq(alerts.caseId, caseId));

  const list = await engine.listInstances({ businessKey: caseId, limit: 100 });
  const instances: CaseInstance[] = [];
  for (const instance of list)
    instances.push({ instance, history: await engine.getHistory(instance.processInstanceKey) });
  const openTasks = await engine.searchUserTasks({
    businessKey: caseId,
    state: 'CREATED',
    limit: 50,
  });

  const received: TimelineItem = {
    at: row.createdAt,
    kind: 'received',
    code: row.channel,
    text: row.caseNumber ?? '',
  };
  const timeline: TimelineItem[] = [
    received,
    ...instances.flatMap(({ history }) =>
      history
        .filter((h) => TIMELINE_TYPES.has(h.elementType))
        .map((h): TimelineItem => ({
          at: h.endedAt ?? h.startedAt,
          kind: h.elementType === 'bpmn:UserTask' ? 'task' : 'step',
          code: h.state,
          text: h.elementId,
        })),
    ),
    ...docs.map((d): TimelineItem => ({
      at: d.createdAt,
      kind: 'document',
      code: d.type,
      text: d.title,
    })),
    ...notes
      .filter((n) => n.caseId === caseId)
      .map((n): TimelineItem => ({
        at: n.createdAt,
        kind: 'note',
        code: n.authorName,
        text: n.text,
      })),
    ...contacts
      .filter((c) => c.caseId === caseId)
      .map((c): TimelineItem => ({
        at: c.contactAt,
        kind: 'contact',
        code: c.channel,
        text: c.summary,
      })),
    ...caseAlerts.map((a): TimelineItem => ({
      at: a.createdAt,
      kind: 'alert',
      code: a.kind,
      text: a.decisionDueOn,
    })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());

  return {
    case: row,
    unitName: unit?.name ?? null,
    client,
    household: household ?? null,
    members,
    documents: docs,
    instances,
    openTasks,
    notes,
    contacts,
    payments,
    timeline,
    purpose: purposeText,
  };
}

/** Element names of a model, for labelling history rows (id → name). */
export function elementNames(xml: string): Record<string, string> {
  const names: Record<string, string> = {};
  for (const m of xml.matchAll(/<bpmn:\w+\s[^>]*?id="([^"]+)"[^>]*?name="([^"]*)"/g))
    names[m[1]!] = decodeXml(m[2]!);
  return names;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
