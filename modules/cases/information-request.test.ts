import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '@/db/documents-schema';
import { deliveries, notificationOutbox, printBatchItems } from '@/db/paths-schema';
import { cases, clients } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { TestClock } from '@/engine/embedded/testkit';
import { flatten, pdfsig, pdftotext } from '@/modules/documents/pdf/test-helpers';
import type { TestDatabase } from '@/test/db';
import { originalBytes, setupDocuments } from '@/test/documents-kit';
import { eventually, insertCase, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from '@/workers';
import { recordInformationReply, replyWindow } from './information-request';

const clock = new TestClock(new Date('2026-11-25T09:00:00+02:00').getTime());
let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  const signing = await setupDocuments('information-request');
  // The real worker set, on the test clock.
  kit = await setupProcessKit({
    handlers: (db) =>
      jobHandlers(db.db, undefined, { now: () => clock.now(), signing: async () => signing }),
    clock,
  });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

/** Starts the request; the caseworker picks the items; the real workers write and send the letter. */
async function requestSent(applicationData: Record<string, unknown> = {}, clientId?: string) {
  const caseId = await insertCase(t, {
    receivedOn: '2026-11-20',
    status: 'information_requested',
    applicationData,
    ...(clientId ? { clientId } : {}),
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
    missingItems: ['bank_statements', 'other'],
    missingItemsText: 'Selvitys sähkölaskun erääntymisestä',
    replyDays: 7,
  });
  // Sent once the gateway waits for the reply or the deadline.
  const vars = await eventually(async () => {
    const history = await engine.getHistory(started.processInstanceKey);
    return history.some((h) => h.elementId === 'reply-or-deadline')
      ? engine.getVariables(started.processInstanceKey)
      : undefined;
  });
  return { caseId, processInstanceKey: started.processInstanceKey, vars };
}

async function completed(key: string) {
  return eventually(async () =>
    (await engine.getInstance(key)).state === 'COMPLETED' ? engine.getVariables(key) : undefined,
  );
}

describe('request for additional information', () => {
  it('the signed letter lists the items, the free text and the reply deadline; by post without consent', async () => {
    const { caseId, vars } = await requestSent();
    expect(vars).toMatchObject({
      replyDueOn: '2026-12-02',
      replyWindowEndsAt: '2026-12-03T00:00:00+02:00',
      letterDeliveryChannel: 'post',
      letterSentOn: '2026-11-25',
      letterDeemedNotifiedOn: '2026-12-02',
    });
    const docs = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      id: vars.letterDocumentId,
      type: 'information_request',
      signatureStatus: 'signed',
      sourceChannel: 'generated',
    });
    const pdf = await originalBytes(t, docs[0]!.id);
    expect(await pdfsig(pdf)).toContain('Signature is Valid');
    const text = flatten(await pdftotext(pdf));
    expect(text).toContain('Pyyntö toimittaa lisäselvityksiä');
    expect(text).toContain('Tiliotteet');
    expect(text).toContain('Selvitys sähkölaskun erääntymisestä');
    expect(text).toContain('viimeistään 2.12.2026');
    const [delivery] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.documentId, docs[0]!.id));
    expect(delivery).toMatchObject({ channel: 'post', sentOn: '2026-11-25' });
    expect(
      await t.db.select().from(printBatchItems).where(eq(printBatchItems.deliveryId, delivery!.id)),
    ).toHaveLength(1);
  });

  it('a Swedish-speaking client who consented gets the letter in Swedish in the e-service inbox', async () => {
    const [swede] = await t.db
      .select()
      .from(clients)
      .where(eq(clients.preferredLocale, 'sv'))
      .limit(1);
    const { caseId, vars } = await requestSent({ electronicDeliveryConsent: true }, swede!.id);
    expect(vars).toMatchObject({
      letterDeliveryChannel: 'electronic',
      letterDeemedNotifiedOn: '2026-11-28',
    });
    const [doc] = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
    expect(doc!.language).toBe('sv');
    const text = flatten(await pdftotext(await originalBytes(t, doc!.id)));
    expect(text).toContain('Begäran om tilläggsutredning');
    expect(text).toContain('Kontoutdrag');
    const [delivery] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.documentId, doc!.id));
    const [notice] = await t.db
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.deliveryId, delivery!.id));
    expect(notice!.locale).toBe('sv');
    // The e-mail says only that something new waits: no title, no case number, no content.
    expect(`${notice!.subject} ${notice!.body}`).not.toMatch(/tilläggsutredning|TOTU|Kontoutdrag/i);
    expect(notice!.status).toBe(swede!.email ? 'pending' : 'no_address');
  });

  it('the reply window ends 7 days on, moved past a weekend', () => {
    expect(replyWindow('2026-11-25')).toEqual({
      replyDueOn: '2026-12-02',
      replyWindowEndsAt: '2026-12-03T00:00:00+02:00',
    });
    expect(replyWindow('2026-11-27').replyDueOn).toBe('2026-12-04');
    expect(() => replyWindow('2026-11-25', 0)).toThrow(/1–60/);
  });

  it("the client's reply resumes the case: due 7 working days after the reply, once only", async () => {
    const { caseId, processInstanceKey } = await requestSent();
    expect(
      await recordInformationReply(t.db, engine, {
        caseId,
        receivedOn: '2026-11-27',
        replyId: 'r1',
      }),
    ).toEqual({ accepted: true });
    expect(
      await recordInformationReply(t.db, engine, {
        caseId,
        receivedOn: '2026-11-27',
        replyId: 'r1',
      }),
    ).toEqual({ accepted: false });
    expect(await completed(processInstanceKey)).toMatchObject({
      decisionDueOn: '2026-12-08',
      informationReceived: true,
    });
    expect((await t.db.select().from(cases).where(eq(cases.id, caseId)))[0]).toMatchObject({
      status: 'in_processing',
      decisionDueOn: '2026-12-08',
    });
  });

  it('without a reply the case goes on when the window closes, due 7 working days after the reply deadline', async () => {
    const { processInstanceKey } = await requestSent();
    clock.advance(8 * 24 * 3600_000 + 60_000);
    await engine.runDueTimers();
    expect(await completed(processInstanceKey)).toMatchObject({
      decisionDueOn: '2026-12-11',
      informationReceived: false,
    });
  });

  it('refuses a reply for an unknown case', async () => {
    await expect(
      recordInformationReply(t.db, engine, {
        caseId: '00000000-0000-0000-0000-000000000000',
        replyId: 'x',
      }),
    ).rejects.toThrow(/does not exist/);
  });
});

describe('from the application process', () => {
  it('an incomplete application leads to the request task, due by the statutory deadline', async () => {
    const [client] = await t.db.select().from(clients).limit(1);
    const { submitApplication } = await import('./submit-application');
    const { caseId } = await submitApplication(
      t.db,
      engine,
      { userId: null, displayName: 'test' },
      {
        clientId: client!.id,
        channel: 'paper',
        supportType: 'supplementary',
        receivedOn: '2026-11-25',
      },
    );
    const check = await eventually(
      async () => (await engine.searchUserTasks({ businessKey: caseId, state: 'CREATED' }))[0],
    );
    await engine.completeUserTask(check.userTaskKey, { complete: false });
    const choose = await eventually(async () =>
      (await engine.searchUserTasks({ businessKey: caseId, state: 'CREATED' })).find(
        (x) => x.bpmnProcessId === 'additional-information-request',
      ),
    );
    const [row] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(choose.dueDate?.toISOString()).toBe(check.dueDate?.toISOString());
    expect(row!.decisionDueOn).not.toBeNull();
  });
});
