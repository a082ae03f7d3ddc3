// The notification and archiving paths on the real runtime, with their handlers.
import { eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, notificationOutbox, printBatches, printBatchItems } from '@/db/paths-schema';
import { auditLog, cases, clients, organisations, users } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { loadActor } from '@/modules/access/load-actor';
import { createDecisionDocument } from '@/modules/decisions/create-decision-document';
import { closePrintBatch, listClientDeliveries } from '@/modules/delivery';
import type { SigningCredentials } from '@/modules/documents/pdf';
import { flatten, pdftotext } from '@/modules/documents/pdf/test-helpers';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { buffer } from 'node:stream/consumers';
import type { TestDatabase } from '@/test/db';
import { setupDocuments } from '@/test/documents-kit';
import { eventually, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from './index';
import { closeCaseHandler } from './process-steps';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

let signing: SigningCredentials;
// Sending happens on 20 November 2026 (the handlers' clock); the runtime runs in real time.
const sendingDay = () => new Date('2026-11-20T10:00:00+02:00');

beforeAll(async () => {
  signing = await setupDocuments('steps');
  // The real worker set, without case.close (tested on its own below).
  kit = await setupProcessKit({
    handlers: (db) =>
      jobHandlers(db.db, undefined, { now: sendingDay, signing: async () => signing }),
  });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

async function insertCaseFor(clientId: string, applicationData: Record<string, unknown>) {
  const [org] = await t.db.select().from(organisations);
  const [row] = await t.db
    .insert(cases)
    .values({
      organisationId: org!.id,
      clientId,
      supportType: 'supplementary',
      channel: 'eservice',
      receivedOn: '2026-11-02',
      applicationData,
    })
    .returning();
  return row!.id;
}

async function newCase(applicationData: Record<string, unknown>, birthDay = '12') {
  const [org] = await t.db.select().from(organisations);
  const [client] = await t.db.select().from(clients).limit(1);
  await t.db
    .update(clients)
    .set({ birthDate: `1980-03-${birthDay}` })
    .where(eq(clients.id, client!.id));
  const [row] = await t.db
    .insert(cases)
    .values({
      organisationId: org!.id,
      clientId: client!.id,
      supportType: 'supplementary',
      channel: 'eservice',
      receivedOn: '2026-11-02',
      applicationData,
    })
    .returning();
  return row!.id;
}

/** A real signed decision of the case, to be delivered. */
async function decisionOf(caseId: string): Promise<string> {
  const { documentId } = await createDecisionDocument(
    t.db,
    {
      caseId,
      idempotencyKey: `notification-test:${caseId}`,
      outcome: 'rejected',
      reasons: 'Tulot ylittävät menot.',
      calculation: null,
      decidedBy: 'Päivi Päättäjä',
    },
    signing,
  );
  return documentId;
}

async function notify(caseId: string) {
  const documentRef = await decisionOf(caseId);
  const started = await engine.startInstance({
    bpmnProcessId: 'notification',
    businessKey: caseId,
    variables: { caseId, documentRef },
  });
  await eventually(async () =>
    (await engine.getInstance(started.processInstanceKey)).state === 'COMPLETED' ? true : undefined,
  );
  return { documentRef, vars: await engine.getVariables(started.processInstanceKey) };
}

async function userByName(username: string) {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

describe('notification path', () => {
  it('with consent: into the e-service inbox with a content-free e-mail notice, deemed notified on the 3rd day, appeal deadline 30 days on', async () => {
    const caseId = await newCase({ electronicDeliveryConsent: true });
    const [row] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    await t.db
      .update(clients)
      .set({ email: 'asiakas@example.fi' })
      .where(eq(clients.id, row!.clientId));
    const { documentRef, vars } = await notify(caseId);
    expect(vars).toMatchObject({
      deliveryChannel: 'electronic',
      sentOn: '2026-11-20',
      notifiedOn: '2026-11-23',
      appealDeadline: '2026-12-23',
      appealWindowEndsAt: '2026-12-24T00:00:00+02:00',
    });
    expect((await t.db.select().from(cases).where(eq(cases.id, caseId)))[0]!.status).toBe(
      'notified',
    );
    const [delivery] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.documentId, documentRef));
    // The inbox row and the process agree: one calendar rule.
    expect(delivery).toMatchObject({ channel: 'electronic', deemedNotifiedOn: vars.notifiedOn });
    const [notice] = await t.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.deliveryId, delivery!.id));
    expect(notice).toMatchObject({
      status: 'pending',
      toAddress: 'asiakas@example.fi',
      locale: 'fi',
      sentAt: null,
    });
    expect(notice!.subject).toBe('Sinulle on uusi viesti sähköisessä asioinnissa');
    expect(`${notice!.subject} ${notice!.body}`).not.toMatch(/päätös|toimeentulotuki|TOTU/i);
  });

  it("the e-service inbox: the citizen sees their own letters, not another client's; every listing is audited", async () => {
    const citizen = await userByName('asiakas');
    const caseId = await insertCaseFor(citizen.clientId!, { electronicDeliveryConsent: true });
    const { documentRef } = await notify(caseId);
    const inbox = await listClientDeliveries(t.db, citizen, citizen.clientId!, null);
    expect(inbox.map((e) => e.documentId)).toContain(documentRef);
    expect(inbox[0]).toMatchObject({ type: 'decision', deemedNotifiedOn: '2026-11-23' });
    const [other] = await t.db.select().from(clients).where(ne(clients.id, citizen.clientId!));
    await expect(listClientDeliveries(t.db, citizen, other!.id, null)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const archivist = await userByName('arkisto');
    await expect(
      listClientDeliveries(t.db, archivist, citizen.clientId!, null),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.actorUserId, citizen.userId));
    expect(rows.map((r) => r.action)).toEqual(['document.list', 'access.denied']);
  });

  it('without consent: into the open print batch, deemed notified on the 7th day; closing the batch gives one PDF once', async () => {
    const first = await notify(await newCase({}));
    const second = await notify(await newCase({}));
    expect(first.vars).toMatchObject({
      deliveryChannel: 'post',
      notifiedOn: '2026-11-27',
      appealDeadline: '2026-12-28', // 27.12. is a Sunday
    });
    const [open] = await t.db.select().from(printBatches).where(eq(printBatches.status, 'open'));
    const items = await t.db
      .select()
      .from(printBatchItems)
      .where(eq(printBatchItems.batchId, open!.id));
    expect(items.map((i) => i.documentId)).toEqual(
      expect.arrayContaining([first.documentRef, second.documentRef]),
    );

    const closed = await closePrintBatch(t.db, { closedBy: 'test' });
    expect(closed).toMatchObject({ batchId: open!.id, itemCount: items.length, closedNow: true });
    const again = await closePrintBatch(t.db, { batchId: open!.id, closedBy: 'test' });
    expect(again).toMatchObject({ storageKey: closed!.storageKey, closedNow: false });
    // Nothing is left open to close.
    expect(await closePrintBatch(t.db, { closedBy: 'test' })).toBeNull();

    const pdf = new Uint8Array(await buffer(await configuredObjectStore().get(closed!.storageKey)));
    const pages = (await pdftotext(pdf)).split('\f').filter((p) => p.trim());
    expect(pages.length).toBe(1 + closed!.pageCount);
    expect(flatten(pages[0]!)).toContain(`Erän tunniste: ${open!.id}`);
    expect(flatten(pages[0]!)).toContain(`Kirjeitä: ${items.length}`);
    expect(flatten(pages.slice(1).join(' '))).toContain('Päätös täydentävästä toimeentulotuesta');

    // The next letter opens a new batch.
    const third = await notify(await newCase({}));
    const [item] = await t.db
      .select()
      .from(printBatchItems)
      .where(eq(printBatchItems.documentId, third.documentRef));
    expect(item!.batchId).not.toBe(open!.id);
  });

  it('a repeated delivery job delivers once', async () => {
    const caseId = await newCase({ electronicDeliveryConsent: true });
    const { documentRef } = await notify(caseId);
    const rerun = await engine.startInstance({
      bpmnProcessId: 'notification',
      businessKey: caseId,
      variables: { caseId, documentRef },
    });
    await eventually(async () =>
      (await engine.getInstance(rerun.processInstanceKey)).state === 'COMPLETED' ? true : undefined,
    );
    expect(
      await t.db.select().from(deliveries).where(eq(deliveries.documentId, documentRef)),
    ).toHaveLength(1);
  });
});

describe('closing', () => {
  it('case.close closes the case and starts archiving exactly once', async () => {
    const caseId = await newCase({});
    const handler = closeCaseHandler(t.db, engine);
    const complete = async () => {
      const calls: unknown[] = [];
      const job = {
        variables: { caseId },
        complete: async (v: unknown) => (calls.push(v), { __ack: 'JOB_ACTION_ACKNOWLEDGEMENT' }),
      };
      await handler.handler(job as never);
      return calls[0] as { archivingInstanceKey: string };
    };
    const first = await complete();
    const second = await complete();
    expect(second.archivingInstanceKey).toBe(first.archivingInstanceKey);
    const [row] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ status: 'closed' });
    expect(row!.closedAt).not.toBeNull();
    expect(
      await engine.listInstances({ bpmnProcessId: 'archiving', businessKey: caseId }),
    ).toHaveLength(1);
  });
});

describe('appeal and archiving paths', () => {
  it('a request for reconsideration after the deadline is registered as late', async () => {
    const caseId = await newCase({});
    await engine.startInstance({
      bpmnProcessId: 'appeal',
      businessKey: caseId,
      variables: {
        caseId,
        appealDeadline: '2026-12-23',
        appealReceivedOn: '2026-12-28',
        unitGroup: 'unit:AIK-POHJOINEN',
        decisionMakerGroup: 'decision-makers:AIK-POHJOINEN',
      },
    });
    const task = await eventually(
      async () =>
        (await engine.searchUserTasks({ businessKey: caseId, elementId: 'prepare-ruling' }))[0],
    );
    expect(task.variables).toMatchObject({ appealLate: true });
    expect((await t.db.select().from(cases).where(eq(cases.id, caseId)))[0]!.status).toBe(
      'appeal_pending',
    );
  });

  it('a closed case waits for its disposal date 10 years on; a sample birthday is kept permanently', async () => {
    const ordinary = await newCase({}, '12');
    const kept = await newCase({}, '18');
    await t.db
      .update(cases)
      .set({ closedAt: new Date('2026-11-25T10:00:00Z') })
      .where(eq(cases.id, ordinary));
    const a = await engine.startInstance({
      bpmnProcessId: 'archiving',
      businessKey: ordinary,
      variables: { caseId: ordinary },
    });
    const b = await engine.startInstance({
      bpmnProcessId: 'archiving',
      businessKey: kept,
      variables: { caseId: kept },
    });
    await eventually(async () =>
      (await engine.getVariables(a.processInstanceKey)).disposalAt ? true : undefined,
    );
    expect(await engine.getVariables(a.processInstanceKey)).toMatchObject({
      permanent: false,
      disposalOn: '2036-11-26',
      disposalAt: '2036-11-26T00:00:00+02:00',
    });
    const history = await engine.getHistory(a.processInstanceKey);
    expect(history.find((h) => h.elementId === 'disposal-date-reached')?.state).toBe('ACTIVE');
    await eventually(async () =>
      (await engine.getInstance(b.processInstanceKey)).state === 'COMPLETED' ? true : undefined,
    );
    expect(
      (await engine.getHistory(b.processInstanceKey)).some(
        (h) => h.elementId === 'kept-permanently',
      ),
    ).toBe(true);
  });
});
