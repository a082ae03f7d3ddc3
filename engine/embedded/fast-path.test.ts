// A job's completion in the process that holds the instance's live execution runs the step in
// memory first and writes it in one statement (runtime.ts, fastJobStep). Whatever another
// process did to the instance or the job meanwhile must win over that stale computation.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/db';
import { EmbeddedEngine } from './adapter';
import { migrateEngine } from './migrate';
import { model, takeJob } from './testkit';
import { EngineCommandError } from '../port';

let db: TestDatabase;
let a: EmbeddedEngine;
let b: EmbeddedEngine;

const engine = () =>
  new EmbeddedEngine({
    pool: new pg.Pool({ connectionString: db.url, max: 4 }),
    connectionString: db.url,
    ownsPool: true,
    serveSteps: true,
  });

/** The SQL texts sent while fn runs (by every pg client of this process). */
async function sqlOf(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await fn();
    return spy.mock.calls.map(([q]) =>
      typeof q === 'string' ? q : String((q as { text?: string }).text),
    );
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateEngine(db.pool);
  a = engine();
  b = engine();
  await a.deploy([model('handoff.bpmn'), model('bench.bpmn')]);
});

afterAll(async () => {
  await a.close();
  await b.close();
  await db.close();
});

describe('fast path of a job completion', () => {
  it('writes a simple step as one statement, with the same rows as the locked path', async () => {
    const inst = await a.startInstance({ bpmnProcessId: 'bench', variables: { amount: 1000 } });
    const job = await takeJob(a, 'bench-1');
    const sql = await sqlOf(() => job.complete({ first: 1 }));
    // one statement, no transaction around it (the locked path: BEGIN, lock, write, COMMIT)
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/^WITH upd AS/);
    const jobs = await db.pool.query<{ element_id: string; state: string; owner: string }>(
      `SELECT element_id, state, owner FROM engine.jobs WHERE instance_key = $1 ORDER BY key`,
      [inst.processInstanceKey],
    );
    expect(jobs.rows).toEqual([
      { element_id: 's1', state: 'completed', owner: a.executorId },
      { element_id: 's2', state: 'activatable', owner: a.executorId },
    ]);
    const history = await a.getHistory(inst.processInstanceKey);
    expect(history.find((h) => h.elementId === 's1')?.state).toBe('COMPLETED');
    expect(history.find((h) => h.elementId === 's2')?.state).toBe('ACTIVE');
    expect((await a.getVariables(inst.processInstanceKey)).first).toBe(1);
    for (const type of ['bench-2', 'bench-3']) await (await takeJob(a, type)).complete();
    const [task] = await a.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
    expect(task?.elementId).toBe('review');
  });

  it('another process advanced the instance meanwhile: the locked path applies the job on top', async () => {
    const inst = await a.startInstance({ bpmnProcessId: 'handoff' });
    const key = inst.processInstanceKey;
    const job = await takeJob(a, 'handoff-check');
    // process b completes the other branch: a's live execution is now one step behind
    const [task] = await b.searchUserTasks({ processInstanceKey: key });
    await b.completeUserTask(task!.userTaskKey, { reviewed: 1 });
    await job.complete({ checked: 1 });
    expect((await a.getInstance(key)).state).toBe('COMPLETED');
    expect(await a.getVariables(key)).toMatchObject({ reviewed: 1, checked: 1 });
    const history = await a.getHistory(key);
    expect(history.filter((h) => h.elementId === 'join' && h.state === 'COMPLETED')).toHaveLength(
      1,
    );
    expect(history.filter((h) => h.elementId === 'end')).toHaveLength(1);
  });

  it('the job was failed meanwhile: nothing of the stale step is written', async () => {
    const inst = await a.startInstance({ bpmnProcessId: 'handoff' });
    const key = inst.processInstanceKey;
    const job = await takeJob(a, 'handoff-check');
    await b.failJob(job.key, { errorMessage: 'down', retries: 2 });
    const err = await job.complete({ checked: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineCommandError);
    expect((err as EngineCommandError).code).toBe('INVALID_STATE');
    expect((await a.getVariables(key)).checked).toBeUndefined();
    const history = await a.getHistory(key);
    expect(history.find((h) => h.elementId === 'check')?.state).toBe('ACTIVE');
    // the job runs again and the instance goes on from where it was
    const again = await takeJob(a, 'handoff-check');
    expect(again.key).toBe(job.key);
    await again.complete({ checked: 2 });
    const [task] = await a.searchUserTasks({ processInstanceKey: key });
    await a.completeUserTask(task!.userTaskKey);
    expect((await a.getInstance(key)).state).toBe('COMPLETED');
    expect((await a.getVariables(key)).checked).toBe(2);
  });
});
