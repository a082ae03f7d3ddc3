import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, clients } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { deployWorkflows } from '@/modules/process/deploy-workflows';
import type { TestDatabase } from '@/test/db';
import { setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from '@/workers';
import { startPendingApplications } from './start-pending-applications';
import { submitApplication } from './submit-application';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  kit = await setupProcessKit({ handlers: (db) => jobHandlers(db.db) });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('submitting an application', () => {
  it('every workflow model and form deploys; deploying again makes no new versions', async () => {
    const again = await deployWorkflows(engine);
    expect(again.processes.map((p) => p.bpmnProcessId).sort()).toEqual([
      'additional-information-request',
      'appeal',
      'application',
      'archiving',
      'decision',
      'notification',
    ]);
    expect(again.processes.every((p) => !p.isNew)).toBe(true);
    expect(again.forms.length).toBe(7);
  });

  it('registers the case and puts a completeness check in the unit queue with the statutory due date', async () => {
    const [client] = await t.db.select().from(clients).limit(1);
    const submitted = await submitApplication(
      t.db,
      engine,
      { userId: null, displayName: 'E-service' },
      {
        clientId: client!.id,
        channel: 'eservice',
        supportType: 'supplementary',
        receivedOn: '2026-04-02',
      },
    );
    const task = await waitFor(async () => {
      const [found] = await engine.searchUserTasks({
        businessKey: submitted.caseId,
        elementId: 'completeness-check',
      });
      return found;
    });
    const [row] = await t.db.select().from(cases).where(eq(cases.id, submitted.caseId));
    expect(row!.caseNumber).toMatch(/^TOTU-2026-\d{6}$/);
    expect(row!.processInstanceKey).toBe(submitted.processInstanceKey);
    expect(task.candidateGroups).toEqual([expect.stringMatching(/^unit:AIK-/)]);
    expect(task.dueDate?.toISOString()).toBe('2026-04-15T13:00:00.000Z');
    expect(task.formId).toBe('completeness-check');
  });

  it('the same path starts from every channel', async () => {
    const [client] = await t.db.select().from(clients).limit(1).offset(3);
    for (const channel of ['paper', 'oral'] as const) {
      const submitted = await submitApplication(
        t.db,
        engine,
        { userId: null, displayName: 'Caseworker' },
        {
          clientId: client!.id,
          channel,
          supportType: 'preventive',
        },
      );
      await waitFor(
        async () => (await engine.searchUserTasks({ businessKey: submitted.caseId }))[0],
      );
    }
  });

  it('starts the process of a case whose start failed, exactly once', async () => {
    const [client] = await t.db.select().from(clients).limit(1).offset(5);
    const [row] = await t.db
      .insert(cases)
      .values({
        organisationId: (await t.db.query.organisations.findFirst())!.id,
        clientId: client!.id,
        supportType: 'supplementary',
        channel: 'paper',
        receivedOn: '2026-11-25',
        createdAt: new Date(Date.now() - 120_000),
      })
      .returning();
    expect(await startPendingApplications(t.db, engine)).toBe(1);
    expect(await startPendingApplications(t.db, engine)).toBe(0);
    const instances = await engine.listInstances({
      bpmnProcessId: 'application',
      businessKey: row!.id,
    });
    expect(instances).toHaveLength(1);
  });

  it('refuses an unknown client and bad input without writing a case', async () => {
    const before = (await t.db.select().from(cases)).length;
    await expect(
      submitApplication(
        t.db,
        engine,
        { userId: null, displayName: 'x' },
        {
          clientId: '00000000-0000-0000-0000-000000000000',
          channel: 'eservice',
          supportType: 'supplementary',
        },
      ),
    ).rejects.toThrow(/does not exist/);
    await expect(
      submitApplication(
        t.db,
        engine,
        { userId: null, displayName: 'x' },
        {
          clientId: 'nope',
          channel: 'fax' as 'paper',
          supportType: 'supplementary',
        },
      ),
    ).rejects.toThrow();
    expect((await t.db.select().from(cases)).length).toBe(before);
  });
});
