import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, clients, organisations, users } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import type { TestDatabase } from '@/test/db';
import { setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { calculateDecisionHandler, createDecisionDocumentHandler } from '@/workers/process-steps';
import { createDemoP12, loadSigningCredentials } from '@/modules/documents/pdf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { candidateGroupsOf } from './candidate-groups';
import { claimTask, completeTask } from './complete-task';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'sos-tasks-'));
  const p12 = await createDemoP12({ commonName: 'Testi', organization: 'Demokaupunki' }, 'pw');
  const signing = loadSigningCredentials(p12, 'pw');
  kit = await setupProcessKit({
    handlers: (db) => [
      calculateDecisionHandler(),
      createDecisionDocumentHandler(db.db, () => signing),
    ],
  });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

async function actor(username: string): Promise<LoadedActor> {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

async function openTask(businessKey: string, elementId: string) {
  const end = Date.now() + 15_000;
  for (;;) {
    const [task] = await engine.searchUserTasks({ businessKey, elementId, state: 'CREATED' });
    if (task) return task;
    if (Date.now() > end) throw new Error(`no ${elementId} task`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const calculationInput = {
  month: '2026-12-01',
  members: [{ id: 'a', name: 'A', type: 'single' }],
  housingCostsCents: 50000,
  incomes: [{ memberId: 'a', code: 'salary', amountCents: 30000, earned: true }],
};

async function startDecision(businessKey: string) {
  const [org] = await t.db.select().from(organisations);
  const [client] = await t.db.select().from(clients).limit(1);
  await t.db.insert(cases).values({
    id: businessKey,
    organisationId: org!.id,
    clientId: client!.id,
    supportType: 'supplementary',
    channel: 'eservice',
    receivedOn: '2026-11-25',
  });
  await engine.startInstance({
    bpmnProcessId: 'decision',
    businessKey,
    variables: {
      caseId: businessKey,
      unitGroup: 'unit:AIK-POHJOINEN',
      decisionMakerGroup: 'decision-makers:AIK-POHJOINEN',
      decisionDueAt: '2026-12-04T16:00:00+02:00',
      calculationInput,
    },
  });
}

describe('user tasks on behalf of staff', () => {
  it('derives candidate groups from roles and units', async () => {
    expect(await candidateGroupsOf(t.db, await actor('ohjaaja'))).toEqual(['unit:AIK-POHJOINEN']);
    expect(await candidateGroupsOf(t.db, await actor('paattaja'))).toEqual([
      'decision-makers:AIK-POHJOINEN',
    ]);
    expect(await candidateGroupsOf(t.db, await actor('tiiminvetaja'))).toEqual([
      'decision-makers:AIK-POHJOINEN',
      'unit:AIK-POHJOINEN',
    ]);
    expect(await candidateGroupsOf(t.db, await actor('arkisto'))).toEqual(['archivists']);
    expect(await candidateGroupsOf(t.db, await actor('admin'))).toEqual([]);
  });

  it('refuses a task of another unit and audits the refusal', async () => {
    const key = '11111111-1111-4111-8111-111111111111';
    await startDecision(key);
    const task = await openTask(key, 'draft-decision');
    await expect(
      claimTask(t.db, engine, await actor('ohjaaja2'), task.userTaskKey),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const { rows } = await t.pool.query(
      `SELECT details FROM audit_log WHERE action = 'access.denied' ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0].details).toMatchObject({ resource: 'user_task', elementId: 'draft-decision' });
  });

  it('the proposer can never approve their own decision (four eyes); another decision maker can', async () => {
    const key = '22222222-2222-4222-8222-222222222222';
    await startDecision(key);
    const lead = await actor('tiiminvetaja');
    const draft = await openTask(key, 'draft-decision');
    await claimTask(t.db, engine, lead, draft.userTaskKey);
    await completeTask(t.db, engine, lead, draft.userTaskKey, {
      outcome: 'granted',
      reasons: 'Menot ylittävät tulot.',
      proposedBy: 'someone-else',
    });

    const approval = await openTask(key, 'approve-decision');
    expect(approval.variables).toMatchObject({
      proposedBy: lead.userId,
      supportCents: expect.any(Number),
    });
    await expect(
      completeTask(t.db, engine, lead, approval.userTaskKey, { approved: true }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      completeTask(t.db, engine, await actor('ohjaaja'), approval.userTaskKey, { approved: true }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });

    const maker = await actor('paattaja');
    await completeTask(t.db, engine, maker, approval.userTaskKey, { approved: true });
    const [instance] = await engine.listInstances({ bpmnProcessId: 'decision', businessKey: key });
    expect(await engine.getVariables(instance!.processInstanceKey)).toMatchObject({
      approved: true,
      approvedBy: maker.userId,
    });
    // The signed decision document is made and, the support being granted, payment is next.
    const end = Date.now() + 20_000;
    let payment;
    while (!payment) {
      [payment] = await engine.activateJobs({
        type: 'payment.record-instruction',
        worker: 'test',
        maxJobsToActivate: 1,
        timeoutMs: 60_000,
      });
      if (!payment && Date.now() > end) throw new Error('no payment job');
      if (!payment) await new Promise((r) => setTimeout(r, 200));
    }
    expect(payment.variables.decisionId).toEqual(expect.any(String));
  });

  it('a returned decision goes back to drafting', async () => {
    const key = '33333333-3333-4333-8333-333333333333';
    await startDecision(key);
    const worker = await actor('ohjaaja');
    const draft = await openTask(key, 'draft-decision');
    await completeTask(t.db, engine, worker, draft.userTaskKey, {
      outcome: 'rejected',
      reasons: 'Tulot riittävät.',
    });
    const approval = await openTask(key, 'approve-decision');
    await completeTask(t.db, engine, await actor('paattaja'), approval.userTaskKey, {
      approved: false,
      approvalComments: 'Tarkista vuokra.',
    });
    const again = await openTask(key, 'draft-decision');
    expect(again.variables).toMatchObject({ approvalComments: 'Tarkista vuokra.' });
  });
});
