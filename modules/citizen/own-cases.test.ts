// The citizen's own cases on the real runtime with the real workers: the list, one case with
// the request for additional information and its letter, the reply that resumes the case, and
// isolation from other citizens' cases.
import { desc, eq, inArray, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientMessages } from '@/db/casework-schema';
import { auditLog, clients, users } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { TestClock } from '@/engine/embedded/testkit';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import type { TestDatabase } from '@/test/db';
import { setupDocuments } from '@/test/documents-kit';
import { eventually, insertCase, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from '@/workers';
import { listOwnCases, openOwnCase, replyToInformationRequest } from './own-cases';
import { assertCitizenMayOpen } from './own-documents';
import { documents } from '@/db/documents-schema';

const clock = new TestClock(new Date('2026-11-25T09:00:00+02:00').getTime());
let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;
let citizen: LoadedActor;
let other: LoadedActor;

beforeAll(async () => {
  const signing = await setupDocuments('citizen-cases');
  kit = await setupProcessKit({
    handlers: (db) =>
      jobHandlers(db.db, undefined, { now: () => clock.now(), signing: async () => signing }),
    clock,
  });
  ({ t, engine } = kit);
  const [demo] = await t.db.select().from(users).where(eq(users.username, 'asiakas'));
  citizen = (await loadActor(t.db, demo!.id))!;
  // a second citizen, linked to another client
  const [otherClient] = await t.db
    .select()
    .from(clients)
    .where(ne(clients.id, demo!.clientId!))
    .limit(1);
  const [u] = await t.db
    .insert(users)
    .values({
      username: 'toinen',
      displayName: 'Toinen Asiakas',
      roles: ['citizen'],
      clientId: otherClient!.id,
    })
    .returning();
  other = (await loadActor(t.db, u!.id))!;
});
afterAll(async () => {
  await kit.close();
});

async function lastAudit() {
  const [row] = await t.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return row!;
}

/** A case of the demo citizen waiting for a reply to a request sent electronically. */
async function caseWithRequest() {
  const caseId = await insertCase(t, {
    clientId: citizen.clientId!,
    receivedOn: '2026-11-20',
    status: 'information_requested',
    applicationData: { electronicDeliveryConsent: true },
  });
  const started = await engine.startInstance({
    bpmnProcessId: 'additional-information-request',
    businessKey: caseId,
    variables: {
      caseId,
      unitGroup: 'unit:AIK-POHJOINEN',
      decisionDueAt: '2026-11-30T16:00:00+02:00',
    },
  });
  const choose = await eventually(
    async () => (await engine.searchUserTasks({ businessKey: caseId, state: 'CREATED' }))[0],
  );
  await engine.completeUserTask(choose.userTaskKey, {
    missingItems: ['bank_statements'],
    missingItemsText: 'Vuokrasopimus',
    replyDays: 7,
  });
  await eventually(async () =>
    (await engine.getHistory(started.processInstanceKey)).some(
      (h) => h.elementId === 'reply-or-deadline',
    )
      ? true
      : undefined,
  );
  return { caseId, processInstanceKey: started.processInstanceKey };
}

describe('the citizen’s own cases', () => {
  it('lists only the citizen’s own cases and audits the listing', async () => {
    const mine = await insertCase(t, { clientId: citizen.clientId!, receivedOn: '2026-11-24' });
    const theirs = await insertCase(t, { clientId: other.clientId!, receivedOn: '2026-11-24' });
    const ids = (await listOwnCases(t.db, citizen)).map((c) => c.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs);
    expect(await lastAudit()).toMatchObject({ action: 'case.list', clientId: citizen.clientId });
  });

  it('shows what is asked and by when, with the letter in the inbox; the reply resumes the case', async () => {
    const { caseId, processInstanceKey } = await caseWithRequest();
    const opened = await openOwnCase(t.db, engine, citizen, caseId);
    expect(opened.informationRequest).toEqual({
      items: ['bank_statements'],
      freeText: 'Vuokrasopimus',
      replyDueOn: '2026-12-02',
    });
    expect(opened.letters.map((l) => l.type)).toEqual(['information_request']);

    await expect(
      replyToInformationRequest(t.db, engine, citizen, caseId, { message: '  ' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await replyToInformationRequest(t.db, engine, citizen, caseId, {
      message: 'Tiliotteet liitteenä.',
    });
    expect(await lastAudit()).toMatchObject({ action: 'case.reply' });
    const vars = await eventually(async () =>
      (await engine.getInstance(processInstanceKey)).state === 'COMPLETED'
        ? engine.getVariables(processInstanceKey)
        : undefined,
    );
    expect(vars.informationReceivedOn).toBeDefined();
    const after = await openOwnCase(t.db, engine, citizen, caseId);
    expect(after.informationRequest).toBeNull();
    expect(after.replies.map((r) => r.body)).toEqual(['Tiliotteet liitteenä.']);
    // nothing open any more: a second reply is refused and stores nothing
    await expect(
      replyToInformationRequest(t.db, engine, citizen, caseId, { message: 'Vielä yksi' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(
      await t.db.select().from(clientMessages).where(eq(clientMessages.caseId, caseId)),
    ).toHaveLength(1);
  });

  it('another citizen gets nothing: the case looks missing, and the attempt is audited', async () => {
    const { caseId } = await caseWithRequest();
    await expect(openOwnCase(t.db, engine, other, caseId)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await lastAudit()).toMatchObject({
      action: 'access.denied',
      details: { resource: 'case', requestedId: caseId, reason: 'not_own_case' },
    });
    await expect(
      replyToInformationRequest(t.db, engine, other, caseId, { message: 'Minun vastaukseni' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(openOwnCase(t.db, engine, other, 'not-a-uuid')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses staff and citizens without a client record', async () => {
    const [staff] = await t.db.select().from(users).where(eq(users.username, 'ohjaaja'));
    await expect(listOwnCases(t.db, (await loadActor(t.db, staff!.id))!)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('opens only documents delivered to the citizen or uploaded by them', async () => {
    const { caseId } = await caseWithRequest();
    const [letter] = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
    await expect(assertCitizenMayOpen(t.db, citizen, letter!.id)).resolves.toBeUndefined();
    await expect(assertCitizenMayOpen(t.db, other, letter!.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    // an internal working paper of the citizen's own case is not in the e-service
    const [internal] = await t.db
      .insert(documents)
      .values({
        clientId: citizen.clientId!,
        caseId,
        type: 'other',
        title: 'Muistio',
        language: 'fi',
        sourceChannel: 'upload',
      })
      .returning();
    await expect(assertCitizenMayOpen(t.db, citizen, internal!.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await lastAudit()).toMatchObject({
      action: 'access.denied',
      details: { reason: 'not_own_document' },
    });
  });

  it('sends the citizen’s own pending uploads with the reply; someone else’s upload refuses it all', async () => {
    const { caseId } = await caseWithRequest();
    const upload = async (owner: LoadedActor, title: string) =>
      (
        await t.db
          .insert(documents)
          .values({
            clientId: owner.clientId!,
            type: 'attachment',
            title,
            language: 'fi',
            sourceChannel: 'eservice',
            createdBy: owner.userId,
          })
          .returning()
      )[0]!.id;
    const mine = await upload(citizen, 'Tiliote lokakuu');
    const theirs = await upload(other, 'Toisen tiliote');

    await expect(
      replyToInformationRequest(t.db, engine, citizen, caseId, {
        message: 'Liitteenä tiliotteet.',
        attachmentIds: [mine, theirs],
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    // nothing changed: no message, both uploads still without a case
    expect(
      await t.db.select().from(clientMessages).where(eq(clientMessages.caseId, caseId)),
    ).toHaveLength(0);
    const pending = await t.db
      .select({ id: documents.id, caseId: documents.caseId })
      .from(documents)
      .where(inArray(documents.id, [mine, theirs]));
    expect(pending.every((d) => d.caseId === null)).toBe(true);

    await replyToInformationRequest(t.db, engine, citizen, caseId, {
      message: 'Liitteenä tiliotteet.',
      attachmentIds: [mine],
    });
    const [sent] = await t.db
      .select()
      .from(clientMessages)
      .where(eq(clientMessages.caseId, caseId));
    expect(sent!.attachmentIds).toEqual([mine]);
    const [doc] = await t.db.select().from(documents).where(eq(documents.id, mine));
    expect(doc).toMatchObject({ caseId, type: 'attachment' });
    // once attached it cannot be sent again with another message
    const { caseId: second } = await caseWithRequest();
    await expect(
      replyToInformationRequest(t.db, engine, citizen, second, {
        message: 'Sama liite uudelleen',
        attachmentIds: [mine],
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
