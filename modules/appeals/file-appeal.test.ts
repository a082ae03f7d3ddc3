// A request for reconsideration from the e-service and on paper, on the real runtime with the
// real workers: within the window the waiting application takes it; after the window the
// appeal process starts on its own and the request is marked late.
import { eq, ne } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '@/db/documents-schema';
import { clientMessages } from '@/db/casework-schema';
import { cases, clients, users } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { submitApplication } from '@/modules/cases/submit-application';
import type { TestDatabase } from '@/test/db';
import { setupDocuments } from '@/test/documents-kit';
import { eventually, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from '@/workers';
import { fileAppeal } from './file-appeal';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;
let citizen: LoadedActor;
let caseworker: LoadedActor;
// `appeal.register` waits for this, so a test can look at what filing alone changed.
let registerGate = Promise.resolve();
let openRegisterGate: () => void = () => {};

async function actor(username: string) {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

beforeAll(async () => {
  const signing = await setupDocuments('file-appeal');
  kit = await setupProcessKit({
    handlers: (db) =>
      jobHandlers(db.db, undefined, { signing: async () => signing }).map((h) =>
        h.type === 'appeal.register'
          ? { ...h, handler: async (job: never) => (await registerGate, h.handler(job)) }
          : h,
      ),
  });
  ({ t, engine } = kit);
  citizen = await actor('asiakas');
  caseworker = await actor('ohjaaja');
});
afterEach(() => openRegisterGate());
afterAll(async () => {
  await kit.close();
});

async function openTask(caseId: string, elementId: string) {
  return eventually(
    async () =>
      (await engine.searchUserTasks({ businessKey: caseId, elementId, state: 'CREATED' }))[0],
    30_000,
  );
}

/** An application of the demo citizen decided, signed and notified electronically. */
async function notifiedCase(): Promise<string> {
  const { caseId } = await submitApplication(
    t.db,
    engine,
    { userId: null, displayName: 'test' },
    {
      clientId: citizen.clientId!,
      channel: 'eservice',
      supportType: 'supplementary',
      applicationData: { electronicDeliveryConsent: true, iban: 'FI2112345600000785' },
    },
  );
  await engine.completeUserTask((await openTask(caseId, 'completeness-check')).userTaskKey, {
    complete: true,
  });
  await engine.completeUserTask((await openTask(caseId, 'draft-decision')).userTaskKey, {
    outcome: 'granted',
    reasons: 'Menot ylittävät tulot.',
    proposedBy: 'caseworker',
    calculationInput: {
      month: '2026-12-01',
      members: [{ id: 'a', name: 'A', type: 'single' }],
      housingCostsCents: 50000,
      incomes: [],
    },
  });
  await engine.completeUserTask((await openTask(caseId, 'approve-decision')).userTaskKey, {
    approved: true,
    approvedBy: 'decision-maker',
  });
  const [application] = await engine.listInstances({
    businessKey: caseId,
    bpmnProcessId: 'application',
  });
  await eventually(
    async () =>
      (await engine.getHistory(application!.processInstanceKey)).some(
        (h) => h.elementId === 'appeal-filed' && h.state === 'ACTIVE',
      )
        ? true
        : undefined,
    60_000,
  );
  return caseId;
}

describe('filing a request for reconsideration', () => {
  it('within the window the citizen’s request resumes the waiting application', async () => {
    const caseId = await notifiedCase();
    await expect(fileAppeal(t.db, engine, citizen, caseId, { text: ' ' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const [upload] = await t.db
      .insert(documents)
      .values({
        clientId: citizen.clientId!,
        type: 'attachment',
        title: 'Vuokrasopimus',
        language: 'fi',
        sourceChannel: 'eservice',
        createdBy: citizen.userId,
      })
      .returning();
    registerGate = new Promise<void>((resolve) => (openRegisterGate = resolve));
    const filed = await fileAppeal(t.db, engine, citizen, caseId, {
      text: 'Vuokrani on suurempi kuin laskelmassa.',
      attachmentIds: [upload!.id],
    });
    expect(filed).toMatchObject({ late: false, route: 'waiting_process' });
    // pending at once, before the worker's `appeal.register` (held back here) has run
    const [pending] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(pending!.status).toBe('appeal_pending');
    openRegisterGate();
    const [attached] = await t.db.select().from(documents).where(eq(documents.id, upload!.id));
    expect(attached).toMatchObject({ caseId, type: 'appeal' });
    const task = await openTask(caseId, 'prepare-ruling');
    expect(task.variables).toMatchObject({ appealLate: false, appealMessageId: filed.messageId });
    const [row] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row!.status).toBe('appeal_pending');
    const [message] = await t.db
      .select()
      .from(clientMessages)
      .where(eq(clientMessages.id, filed.messageId));
    expect(message).toMatchObject({
      kind: 'appeal',
      body: 'Vuokrani on suurempi kuin laskelmassa.',
    });
  }, 120_000);

  it('after the window a paper request still starts the appeal, marked late', async () => {
    const { caseId } = await submitApplication(
      t.db,
      engine,
      { userId: null, displayName: 'test' },
      { clientId: citizen.clientId!, channel: 'paper', supportType: 'supplementary' },
    );
    await openTask(caseId, 'completeness-check');
    const [application] = await engine.listInstances({
      businessKey: caseId,
      bpmnProcessId: 'application',
    });
    // as if notified long ago: the deadline has passed and the window is closed
    await engine.setVariables(application!.processInstanceKey, { appealDeadline: '2026-01-15' });
    await expect(
      fileAppeal(t.db, engine, caseworker, caseId, { text: 'x', receivedOn: '2099-01-01' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const filed = await fileAppeal(t.db, engine, caseworker, caseId, {
      text: 'Paperilla saapunut oikaisuvaatimus.',
      receivedOn: '2026-02-02',
    });
    expect(filed).toMatchObject({ late: true, route: 'new_process', appealDeadline: '2026-01-15' });
    const task = await openTask(caseId, 'prepare-ruling');
    expect(task.variables).toMatchObject({ appealLate: true, appealReceivedOn: '2026-02-02' });
  });

  it('refuses before any decision, other citizens’ cases and other units', async () => {
    const { caseId } = await submitApplication(
      t.db,
      engine,
      { userId: null, displayName: 'test' },
      { clientId: citizen.clientId!, channel: 'eservice', supportType: 'supplementary' },
    );
    await openTask(caseId, 'completeness-check');
    await expect(
      fileAppeal(t.db, engine, citizen, caseId, { text: 'Liian aikaisin' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const [other] = await t.db
      .insert(users)
      .values({
        username: 'kolmas',
        displayName: 'Kolmas',
        roles: ['citizen'],
        clientId: (await t.db.select().from(clients).where(ne(clients.id, citizen.clientId!)))[0]!
          .id,
      })
      .returning();
    await expect(
      fileAppeal(t.db, engine, (await loadActor(t.db, other!.id))!, caseId, { text: 'Ei minun' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      fileAppeal(t.db, engine, await actor('ohjaaja2'), caseId, { text: 'Toinen yksikkö' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(
      await t.db.select().from(clientMessages).where(eq(clientMessages.caseId, caseId)),
    ).toHaveLength(0);
  });
});
