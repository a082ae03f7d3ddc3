import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/db/seed';
import { alerts, cases } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { insertCase } from '@/test/process-kit';
import { checkDeadline } from './check-deadline';
import { recomputeDeadline } from './recompute-deadline';
import { registerApplication } from './register-application';

let t: TestDatabase;
let caseId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  caseId = await insertCase(t, { channel: 'paper' });
  await registerApplication(t.db, caseId); // due 2026-12-04
});
afterAll(async () => {
  await t.close();
});

const at = (date: string) => new Date(`${date}T10:00:00+02:00`);

describe('deadline watch', () => {
  it('does nothing while the deadline is far, alerts once 2 working days before, and once when passed', async () => {
    expect(await checkDeadline(t.db, caseId, at('2026-11-27'))).toBe('not_due');
    expect(await t.db.select().from(alerts)).toHaveLength(0);
    expect(await checkDeadline(t.db, caseId, at('2026-12-02'))).toBe('deadline_near');
    expect(await checkDeadline(t.db, caseId, at('2026-12-03'))).toBe('deadline_near');
    expect(await checkDeadline(t.db, caseId, at('2026-12-04'))).toBe('deadline_near');
    expect(await checkDeadline(t.db, caseId, at('2026-12-07'))).toBe('deadline_passed');
    expect(await checkDeadline(t.db, caseId, at('2026-12-08'))).toBe('deadline_passed');
    const rows = await t.db.select().from(alerts).where(eq(alerts.caseId, caseId));
    expect(rows.map((r) => [r.kind, r.decisionDueOn]).sort()).toEqual([
      ['deadline_near', '2026-12-04'],
      ['deadline_passed', '2026-12-04'],
    ]);
  });

  it('a recomputed deadline after additional information is watched anew', async () => {
    const recomputed = await recomputeDeadline(t.db, {
      caseId,
      informationReceivedOn: '2026-12-09',
      replyDueOn: '2026-12-14',
    });
    expect(recomputed).toEqual({
      decisionDueOn: '2026-12-18',
      decisionDueAt: '2026-12-18T16:00:00+02:00',
      informationReceived: true,
    });
    expect(await checkDeadline(t.db, caseId, at('2026-12-10'))).toBe('not_due');
    expect(await checkDeadline(t.db, caseId, at('2026-12-16'))).toBe('deadline_near');
    expect(await t.db.select().from(alerts).where(eq(alerts.caseId, caseId))).toHaveLength(3);
  });

  it('with no reply the decision is due 7 working days after the reply deadline', async () => {
    expect(await recomputeDeadline(t.db, { caseId, replyDueOn: '2026-12-21' })).toMatchObject({
      decisionDueOn: '2027-01-04', // Christmas and New Year's Day skipped
      informationReceived: false,
    });
  });

  it('stops watching a decided case', async () => {
    await t.db.update(cases).set({ status: 'decided' }).where(eq(cases.id, caseId));
    expect(await checkDeadline(t.db, caseId, at('2027-02-01'))).toBe('not_open');
  });
});
