// A request for reconsideration (oikaisuvaatimus) arrives: from the citizen in the e-service or
// on paper, registered by staff. The text is kept as written. Within the appeal window the
// waiting application process takes it (the `appeal-filed` message); after the window, or once
// the case has closed, the appeal process starts on its own — a late request is still accepted
// and marked late by `appeal.register`. Before a decision has been notified there is nothing to
// ask reconsideration of.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { clientMessages } from '@/db/casework-schema';
import { cases } from '@/db/schema';
import type { Engine, Variables } from '@/engine';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { caseForActor } from '@/modules/cases/open-case';
import { AppError } from '@/modules/errors';
import { MAX_ATTACHMENTS, attachOwnUploads } from '@/modules/citizen/own-uploads';

export const APPEAL_TEXT_MAX_LENGTH = 8000;

const input = z.object({
  text: z.string().trim().min(1).max(APPEAL_TEXT_MAX_LENGTH),
  /** Paper requests: the day it arrived (defaults to today in Helsinki). */
  receivedOn: z.iso.date().optional(),
  /** Citizens: files uploaded in the e-service beforehand, sent with the request. */
  attachmentIds: z.array(z.uuid()).max(MAX_ATTACHMENTS).default([]),
});

export interface FiledAppeal {
  messageId: string;
  late: boolean;
  appealDeadline: string;
  route: 'waiting_process' | 'new_process';
}

/** Which case the actor may file for: a citizen their own, staff a case of their unit. */
async function caseToAppeal(db: Database, actor: LoadedActor, caseId: string) {
  if (actor.roles.includes('citizen') && !actor.roles.some((r) => r !== 'citizen')) {
    const [row] = z.uuid().safeParse(caseId).success
      ? await db.select().from(cases).where(eq(cases.id, caseId))
      : [];
    if (!row || row.clientId !== actor.clientId) {
      await appendAudit(db, {
        actorUserId: actor.userId,
        actorName: actor.displayName,
        action: 'access.denied',
        clientId: actor.clientId,
        details: { resource: 'case', requestedId: caseId, reason: 'not_own_case' },
      });
      throw new AppError('not_found', 'no such case of yours');
    }
    return { row, channel: 'eservice' as const };
  }
  const { row } = await caseForActor(db, actor, caseId, 'request for reconsideration (paper)');
  return { row, channel: 'paper' as const };
}

export async function fileAppeal(
  db: Database,
  engine: Engine,
  actor: LoadedActor,
  caseId: string,
  raw: unknown,
  now: Date = new Date(),
): Promise<FiledAppeal> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) throw new AppError('invalid_input', 'the request needs its grounds');
  const { row, channel } = await caseToAppeal(db, actor, caseId);
  const today = helsinkiToday(now);
  // citizens file today; a paper request may carry the day it arrived, never a future day
  const receivedOn = channel === 'paper' ? (parsed.data.receivedOn ?? today) : today;
  if (receivedOn > today) throw new AppError('invalid_input', 'the arrival day is in the future');

  const [application] = await engine.listInstances({
    businessKey: row.id,
    bpmnProcessId: 'application',
  });
  const vars: Variables = application
    ? await engine.getVariables(application.processInstanceKey)
    : {};
  const appealDeadline = typeof vars.appealDeadline === 'string' ? vars.appealDeadline : null;
  if (!application || !appealDeadline)
    throw new AppError('invalid_input', 'no decision has been notified in this case yet');

  const waiting =
    application.state === 'ACTIVE' &&
    (await engine.getHistory(application.processInstanceKey)).some(
      (h) => h.elementId === 'appeal-filed' && h.state === 'ACTIVE',
    );

  if (channel === 'paper' && parsed.data.attachmentIds.length)
    throw new AppError('invalid_input', 'paper requests are scanned, not uploaded');
  const message = await db.transaction(async (tx) => {
    const attachmentIds = await attachOwnUploads(tx, actor, parsed.data.attachmentIds, {
      caseId: row.id,
      type: 'appeal',
      purpose: 'citizen: request for reconsideration',
    });
    const [inserted] = await tx
      .insert(clientMessages)
      .values({
        clientId: row.clientId,
        caseId: row.id,
        kind: 'appeal',
        body: parsed.data.text,
        sentBy: actor.userId,
        attachmentIds,
      })
      .returning();
    return inserted!;
  });
  const variables = {
    appealReceivedOn: receivedOn,
    appealMessageId: message.id,
    appealChannel: channel,
  };
  if (waiting) {
    await engine.publishMessage({
      name: 'appeal-filed',
      correlationKey: row.id,
      messageId: `appeal:${message.id}`,
      timeToLiveMs: 3600_000,
      variables,
    });
  } else {
    // the window has closed (or the case with it): the appeal runs as a process of its own
    await engine.startInstance({
      bpmnProcessId: 'appeal',
      businessKey: row.id,
      variables: { ...vars, ...variables },
    });
  }
  // The request is pending from the moment it is accepted: the citizen sees it on the page the
  // action returns to, not only once `appeal.register` (which sets the same status) has run.
  await db.update(cases).set({ status: 'appeal_pending' }).where(eq(cases.id, row.id));
  const late = receivedOn > appealDeadline;
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'case.appeal',
    clientId: row.clientId,
    purpose:
      channel === 'paper'
        ? 'register a request for reconsideration'
        : 'citizen: request for reconsideration',
    details: {
      caseId: row.id,
      messageId: message.id,
      channel,
      late,
      receivedOn,
      attachmentIds: message.attachmentIds,
    },
  });
  return {
    messageId: message.id,
    late,
    appealDeadline,
    route: waiting ? 'waiting_process' : 'new_process',
  };
}
