// A job's completion in the process that holds the instance's live execution runs the step in
// memory first and writes it in one statement (runtime.ts, fastJobStep); so does a start or a
// user task's completion handed to a serving process (fastCommandStep). Whatever another
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
/** A process that does not serve steps (the web server): it hands them to a and b. */
let caller: EmbeddedEngine;

const engine = (serveSteps = true) =>
  new EmbeddedEngine({
    pool: new pg.Pool({ connectionString: db.url, max: 4 }),
    connectionString: db.url,
    ownsPool: true,
    serveSteps,
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
  caller = engine(false);
  await a.deploy([model('handoff.bpmn'), model('bench.bpmn')]);
});

afterAll(async () => {
  await a.close();
  await b.close();
  await caller.close();
  await db.close();
});

describe('fast path of a job completion', () => {
  it('writes a simple step as one statement, with the same rows as the locked path', async () => {
    const inst = await a.startInstance({ bpmnProcessId: 'bench', variables: { amount: 1000 } });
    const job = await takeJob(a, 'bench-1');
    const sql = await sqlOf(() => job.complete({ first: 1 }));
    // one statement, no transaction around it (the locked path: BEGIN, lock, write, COMMIT);
    // then, committed on their own, the notices of the new job
    expect(sql).toHaveLength(2);
    expect(sql[0]).toMatch(/^WITH upd AS/);
    expect(sql[1]).toMatch(/^SELECT set_config\('synchronous_commit'/);
    // the step NOTIFYs nothing itself (PostgreSQL serializes NOTIFYing commits through their
    // WAL flush) and, being replayable, does not wait for its flush
    expect(sql[0]).not.toMatch(/pg_notify/);
    expect(sql[0]).toMatch(/set_config\('synchronous_commit', 'off', true\)/);
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

  it('with flushReplayableSteps the fast step waits for its WAL flush', async () => {
    const flushing = new EmbeddedEngine({
      pool: new pg.Pool({ connectionString: db.url, max: 2 }),
      connectionString: db.url,
      ownsPool: true,
      serveSteps: true,
      flushReplayableSteps: true,
    });
    try {
      const inst = await flushing.startInstance({
        bpmnProcessId: 'bench',
        variables: { amount: 1 },
      });
      const job = await takeJob(flushing, 'bench-1');
      const sql = await sqlOf(() => job.complete());
      expect(sql[0]).toMatch(/^WITH upd AS/);
      expect(sql[0]).not.toMatch(/synchronous_commit/);
      await flushing.cancelInstance(inst.processInstanceKey);
    } finally {
      await flushing.close();
    }
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

describe('fast path of a handed-off command', () => {
  const named = (sql: string[], re: RegExp) => sql.filter((q) => re.test(q)).length;

  it('a start runs in a serving process with one read and one write, no transaction', async () => {
    await caller.searchUserTasks({ bpmnProcessId: 'none' }); // connected and listening
    let key = '';
    const sql = await sqlOf(async () => {
      key = (await caller.startInstance({ bpmnProcessId: 'bench', variables: { amount: 5 } }))
        .processInstanceKey;
    });
    // the caller's one transaction; the serving process: the row read, then the step's write
    expect(named(sql, /^BEGIN/)).toBe(1);
    expect(named(sql, /^SELECT i\.key/)).toBe(1);
    expect(named(sql, /^WITH upd AS/)).toBe(1);
    expect(named(sql, /FOR UPDATE OF i/)).toBe(0);
    const { rows } = await db.pool.query<{ owner: string; rev: number }>(
      'SELECT owner, rev FROM engine.instances WHERE key = $1',
      [key],
    );
    expect([a.executorId, b.executorId]).toContain(rows[0]!.owner);
    expect(rows[0]!.rev).toBe(1);
    const jobs = await db.pool.query('SELECT type FROM engine.jobs WHERE instance_key = $1', [key]);
    expect(jobs.rows).toEqual([{ type: 'bench-1' }]);
    const commands = await db.pool.query('SELECT 1 FROM engine.step_commands');
    expect(commands.rowCount).toBe(0);
    await caller.cancelInstance(key); // its job is not for the next test
  });

  it('a user task completion handed to its owner ends the instance in one statement', async () => {
    const inst = await a.startInstance({ bpmnProcessId: 'bench', variables: { amount: 1000 } });
    const key = inst.processInstanceKey;
    for (const type of ['bench-1', 'bench-2', 'bench-3']) {
      await (await takeJob(a, type)).complete();
    }
    const [task] = await caller.searchUserTasks({ processInstanceKey: key });
    const sql = await sqlOf(() => caller.completeUserTask(task!.userTaskKey, { approved: true }));
    // the caller: its transaction; the owner: the step from its own state, one statement
    expect(named(sql, /^BEGIN/)).toBe(1);
    expect(named(sql, /^WITH upd AS/)).toBe(1);
    expect(named(sql, /^SELECT i\.key/)).toBe(0);
    const { rows } = await db.pool.query<{ state: string; owner: string; snapshot: unknown }>(
      'SELECT state, owner, snapshot FROM engine.instances WHERE key = $1',
      [key],
    );
    expect(rows[0]).toEqual({ state: 'COMPLETED', owner: a.executorId, snapshot: null });
    const history = await a.getHistory(key);
    expect(history.filter((h) => h.state === 'ACTIVE')).toEqual([]);
    expect(history.find((h) => h.elementId === 'review')?.state).toBe('COMPLETED');
    expect(history.filter((h) => h.elementType === 'bpmn:EndEvent')).toHaveLength(1);
    expect((await a.getVariables(key)).approved).toBe(true);
    const commands = await db.pool.query('SELECT 1 FROM engine.step_commands');
    expect(commands.rowCount).toBe(0);
  });

  it('a completion whose owner holds a stale state goes through the lock, on top', async () => {
    // a holds the state after the fork; b completes the job branch: a is one step behind
    const inst = await a.startInstance({ bpmnProcessId: 'handoff' });
    const key = inst.processInstanceKey;
    await new Promise((r) => setTimeout(r, 250)); // a's job affinity has passed
    await (await takeJob(b, 'handoff-check')).complete({ checked: 1 });
    await db.pool.query('UPDATE engine.instances SET owner = $2 WHERE key = $1', [
      key,
      a.executorId,
    ]);
    const [task] = await caller.searchUserTasks({ processInstanceKey: key });
    const sql = await sqlOf(() => caller.completeUserTask(task!.userTaskKey, { reviewed: 1 }));
    // the fast write found another revision and wrote nothing; the locked path applied it
    expect(named(sql, /FOR UPDATE OF i/)).toBe(1);
    expect((await a.getInstance(key)).state).toBe('COMPLETED');
    expect(await a.getVariables(key)).toMatchObject({ reviewed: 1, checked: 1 });
    const history = await a.getHistory(key);
    expect(history.filter((h) => h.elementId === 'end')).toHaveLength(1);
    expect(history.filter((h) => h.state === 'ACTIVE')).toEqual([]);
  });
});
