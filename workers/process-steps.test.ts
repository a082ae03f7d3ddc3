// The notification and archiving paths on the real runtime, with their handlers.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, clients, organisations } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import type { TestDatabase } from '@/test/db';
import { eventually, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import {
  chooseChannelHandler,
  closeCaseHandler,
  recordNotificationHandler,
  registerAppealHandler,
  setRetentionHandler,
} from './process-steps';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  kit = await setupProcessKit({
    handlers: (db) => [
      chooseChannelHandler(db.db),
      recordNotificationHandler(db.db),
      registerAppealHandler(db.db),
      setRetentionHandler(db.db),
    ],
  });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

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

async function deliver(type: string) {
  // The test plays the delivery service: the send task's job is taken and completed.
  const job = await eventually(
    async () =>
      (
        await engine.activateJobs({ type, worker: 'test', maxJobsToActivate: 1, timeoutMs: 60_000 })
      )[0],
  );
  await job.complete({ sentOn: '2026-11-20' });
}

describe('notification path', () => {
  it('with consent: electronic delivery, deemed notified on the 3rd day, appeal deadline 30 days on', async () => {
    const caseId = await newCase({ electronicDeliveryConsent: true });
    const started = await engine.startInstance({
      bpmnProcessId: 'notification',
      businessKey: caseId,
      variables: { caseId },
    });
    await deliver('notification.send-electronic');
    const instance = await eventually(async () => {
      const i = await engine.getInstance(started.processInstanceKey);
      return i.state === 'COMPLETED' ? i : undefined;
    });
    expect(instance.state).toBe('COMPLETED');
    const vars = await engine.getVariables(started.processInstanceKey);
    expect(vars).toMatchObject({
      deliveryChannel: 'electronic',
      notifiedOn: '2026-11-23',
      appealDeadline: '2026-12-23',
      appealWindowEndsAt: '2026-12-24T00:00:00+02:00',
    });
    expect((await t.db.select().from(cases).where(eq(cases.id, caseId)))[0]!.status).toBe(
      'notified',
    );
  });

  it('without consent: a print batch, deemed notified on the 7th day', async () => {
    const caseId = await newCase({});
    const started = await engine.startInstance({
      bpmnProcessId: 'notification',
      businessKey: caseId,
      variables: { caseId },
    });
    await deliver('notification.add-to-print-batch');
    await eventually(async () =>
      (await engine.getInstance(started.processInstanceKey)).state === 'COMPLETED'
        ? true
        : undefined,
    );
    expect(await engine.getVariables(started.processInstanceKey)).toMatchObject({
      deliveryChannel: 'post',
      notifiedOn: '2026-11-27',
      appealDeadline: '2026-12-28', // 27.12. is a Sunday
    });
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
