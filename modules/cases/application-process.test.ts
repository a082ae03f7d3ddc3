// The application model on the real runtime with an injected clock: the deadline watch fires on
// its cycle while the case is being handled and raises a team-lead alert near the deadline.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, clients } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { TestClock } from '@/engine/embedded/testkit';
import type { TestDatabase } from '@/test/db';
import { setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { registerApplicationHandler } from '@/workers/application-register';
import { checkDeadline } from './check-deadline';
import { submitApplication } from './submit-application';

const clock = new TestClock(new Date('2026-11-25T08:00:00+02:00').getTime());
let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  kit = await setupProcessKit({ handlers: (db) => [registerApplicationHandler(db.db)], clock });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

async function eventually(check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('application process', () => {
  it('watches the deadline on a cycle during handling and alerts 2 working days before it', async () => {
    const [client] = await t.db.select().from(clients).limit(1);
    const { caseId } = await submitApplication(
      t.db,
      engine,
      { userId: null, displayName: 'test' },
      {
        clientId: client!.id,
        channel: 'eservice',
        supportType: 'supplementary',
        receivedOn: '2026-11-25',
      },
    );
    await eventually(
      async () => (await engine.searchUserTasks({ businessKey: caseId })).length === 1,
    );

    // Cycle by cycle (every 6 hours) the watch job runs with the clock's date. The deadline is
    // 4 December: the alert comes on 2 December, 2 working days before, and only once.
    const outcomes: string[] = [];
    for (let cycle = 0; cycle < 7 * 4; cycle++) {
      // A minute more than the cycle: each timer is due a few milliseconds after the step that armed it.
      clock.advance(6 * 3600_000 + 60_000);
      expect(await engine.runDueTimers()).toBe(1);
      const [job] = await engine.activateJobs({
        type: 'case.check-deadline',
        worker: 'test',
        maxJobsToActivate: 2,
        timeoutMs: 60_000,
      });
      const outcome = await checkDeadline(t.db, String(job!.variables.caseId), clock.now());
      outcomes.push(`${clock.now().toISOString().slice(0, 10)}:${outcome}`);
      await job!.complete({ lastDeadlineCheck: outcome });
    }
    expect(outcomes.find((o) => o.endsWith('deadline_near'))).toBe('2026-12-02:deadline_near');
    const rows = await t.db.select().from(alerts).where(eq(alerts.caseId, caseId));
    expect(rows.map((r) => r.kind)).toEqual(['deadline_near']);
    // The completeness check is still open: the watch never interrupts the handling.
    expect(await engine.searchUserTasks({ businessKey: caseId, state: 'CREATED' })).toHaveLength(1);
  });
});
