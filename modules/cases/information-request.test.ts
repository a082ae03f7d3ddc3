import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { TestClock } from '@/engine/embedded/testkit';
import type { TestDatabase } from '@/test/db';
import { eventually, insertCase, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { recomputeDeadlineHandler } from '@/workers/case-deadlines';
import { recordInformationReply, replyWindow } from './information-request';

const clock = new TestClock(new Date('2026-11-25T09:00:00+02:00').getTime());
let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  kit = await setupProcessKit({ handlers: (db) => [recomputeDeadlineHandler(db.db)], clock });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

/** Starts the request and plays the letter and delivery services (their workers come with documents). */
async function requestSent() {
  const caseId = await insertCase(t, { receivedOn: '2026-11-20', status: 'information_requested' });
  const started = await engine.startInstance({
    bpmnProcessId: 'additional-information-request',
    businessKey: caseId,
    variables: {
      caseId,
      unitGroup: 'unit:AIK-POHJOINEN',
      requestDueAt: '2026-11-30T16:00:00+02:00',
    },
  });
  const choose = await eventually(
    async () => (await engine.searchUserTasks({ businessKey: caseId, state: 'CREATED' }))[0],
  );
  await engine.completeUserTask(choose.userTaskKey, {
    missingItems: ['bank_statements'],
    replyDays: 7,
  });
  for (const type of ['information-request.create-letter', 'letter.deliver']) {
    const job = await eventually(
      async () =>
        (
          await engine.activateJobs({
            type,
            worker: 'test',
            maxJobsToActivate: 1,
            timeoutMs: 60_000,
          })
        )[0],
    );
    await job.complete(type === 'letter.deliver' ? {} : replyWindow('2026-11-25', 7));
  }
  return { caseId, processInstanceKey: started.processInstanceKey };
}

async function completed(key: string) {
  return eventually(async () =>
    (await engine.getInstance(key)).state === 'COMPLETED' ? engine.getVariables(key) : undefined,
  );
}

describe('request for additional information', () => {
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
