// Step hand-off (adapter.ts): a process that does not serve steps hands starts and user-task
// completions to the serving process that holds the live execution, and still returns only
// after the step; nothing is lost or applied twice when that process is gone, silent or late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/db';
import { EmbeddedEngine, type EmbeddedEngineOptions } from './adapter';
import { migrateEngine } from './migrate';
import { model, takeJob } from './testkit';

let db: TestDatabase;
const engines: EmbeddedEngine[] = [];
let serving: EmbeddedEngine;
let caller: EmbeddedEngine;

function engine(opts: Partial<EmbeddedEngineOptions> = {}): EmbeddedEngine {
  const e = new EmbeddedEngine({
    pool: new pg.Pool({ connectionString: db.url, max: 4 }),
    connectionString: db.url,
    ownsPool: true,
    ...opts,
  });
  engines.push(e);
  return e;
}

async function connected(name: string, present = true) {
  for (let i = 0; i < 100; i++) {
    const { rowCount } = await db.pool.query(
      'SELECT 1 FROM pg_stat_activity WHERE application_name = $1',
      [name],
    );
    if (Boolean(rowCount) === present) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} ${present ? 'never connected' : 'still connected'}`);
}

async function row(key: string) {
  const { rows } = await db.pool.query<{ state: string; owner: string | null }>(
    'SELECT state, owner FROM engine.instances WHERE key = $1',
    [key],
  );
  return rows[0]!;
}

async function commands(): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM engine.step_commands',
  );
  return Number(rows[0]!.n);
}

/** An instance of the reference model waiting at its user task, advanced by `by`. */
async function atUserTask(by: EmbeddedEngine) {
  const inst = await by.startInstance({ bpmnProcessId: 'bench', variables: { amount: 1000 } });
  for (const type of ['bench-1', 'bench-2', 'bench-3']) await (await takeJob(by, type)).complete();
  const [task] = await by.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
  if (!task) throw new Error('no user task');
  return { key: inst.processInstanceKey, task };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateEngine(db.pool);
  serving = engine({ serveSteps: true, handoffTimeoutMs: 500 });
  caller = engine();
  await serving.deploy([model('bench.bpmn'), model('handoff.bpmn')]);
  await connected(serving.executorId!);
});

afterAll(async () => {
  for (const e of engines) await e.close();
  await db.close();
});

describe('step hand-off', () => {
  it('a start and a user-task completion from a non-serving process run in the serving one', async () => {
    const inst = await caller.startInstance({
      bpmnProcessId: 'bench',
      variables: { amount: 1000 },
    });
    // returned after the first step: the first job exists, and the serving process ran it
    const jobs = await db.pool.query('SELECT 1 FROM engine.jobs WHERE instance_key = $1', [
      inst.processInstanceKey,
    ]);
    expect(jobs.rowCount).toBe(1);
    expect(await row(inst.processInstanceKey)).toEqual({
      state: 'ACTIVE',
      owner: serving.executorId,
    });
    for (const type of ['bench-1', 'bench-2', 'bench-3'])
      await (await takeJob(serving, type)).complete();
    const [task] = await caller.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
    await caller.completeUserTask(task!.userTaskKey, { approved: true });
    // returned after the step, which the owner ran (a step run by the caller records no owner)
    expect(await row(inst.processInstanceKey)).toEqual({
      state: 'COMPLETED',
      owner: serving.executorId,
    });
    expect((await caller.getVariables(inst.processInstanceKey)).approved).toBe(true);
    expect(await commands()).toBe(0);
  });

  it('the caller runs the step itself when the owner is gone', async () => {
    const gone = engine({ serveSteps: true });
    await connected(gone.executorId!);
    const { key, task } = await atUserTask(gone);
    expect((await row(key)).owner).toBe(gone.executorId);
    await gone.close();
    await connected(gone.executorId!, false);
    await caller.completeUserTask(task.userTaskKey);
    expect(await row(key)).toEqual({ state: 'COMPLETED', owner: null });
    expect(await commands()).toBe(0);
  });

  it('when the owner does not answer in time the caller applies the command, once', async () => {
    // connected under a serving name, but never runs anything
    const silent = new pg.Client({
      connectionString: db.url,
      application_name: 'engine-exec:silent',
    });
    await silent.connect();
    try {
      const impatient = engine({ handoffTimeoutMs: 300 });
      const { key, task } = await atUserTask(serving);
      await db.pool.query(
        `UPDATE engine.instances SET owner = 'engine-exec:silent' WHERE key = $1`,
        [key],
      );
      const t0 = Date.now();
      await impatient.completeUserTask(task.userTaskKey, { approved: false });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(300); // it did wait for the owner
      expect(await row(key)).toEqual({ state: 'COMPLETED', owner: null });
      expect(await commands()).toBe(0);
      const history = await caller.getHistory(key);
      expect(history.filter((h) => h.elementId === 'end')).toHaveLength(1);
    } finally {
      await silent.end();
    }
  });

  it('a command whose caller went away after committing it is applied by the sweep', async () => {
    const { key, task } = await atUserTask(serving);
    const t = await db.pool.query<{ execution_id: string }>(
      `UPDATE engine.user_tasks SET state = 'COMPLETED', completed_at = now() WHERE key = $1
       RETURNING execution_id`,
      [task.userTaskKey],
    );
    await db.pool.query(
      `INSERT INTO engine.step_commands (instance_key, owner, pending, created_at)
       VALUES ($1, $2, $3, now() - interval '1 minute')`,
      [
        key,
        serving.executorId,
        JSON.stringify({
          action: { kind: 'signal', executionId: t.rows[0]!.execution_id },
          completion: { elementId: 'review', locals: {}, result: { swept: true }, scopeId: null },
        }),
      ],
    );
    for (let i = 0; i < 100 && (await row(key)).state !== 'COMPLETED'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await row(key)).state).toBe('COMPLETED');
    expect((await caller.getVariables(key)).swept).toBe(true);
    expect(await commands()).toBe(0);
  });

  it('any other step of the instance applies its waiting commands first', async () => {
    const inst = await serving.startInstance({ bpmnProcessId: 'handoff' });
    const key = inst.processInstanceKey;
    const [task] = await serving.searchUserTasks({ processInstanceKey: key });
    const t = await db.pool.query<{ execution_id: string }>(
      `UPDATE engine.user_tasks SET state = 'COMPLETED', completed_at = now() WHERE key = $1
       RETURNING execution_id`,
      [task!.userTaskKey],
    );
    // waiting, and not old enough for the sweep
    await db.pool.query(
      `INSERT INTO engine.step_commands (instance_key, owner, pending, created_at)
       VALUES ($1, 'engine-exec:elsewhere', $2, now() + interval '1 hour')`,
      [
        key,
        JSON.stringify({
          action: { kind: 'signal', executionId: t.rows[0]!.execution_id },
          completion: { elementId: 'review', locals: {}, result: { reviewed: 1 }, scopeId: null },
        }),
      ],
    );
    // the job's step applies the review first: the join then sees both branches arrive
    await (await takeJob(caller, 'handoff-check')).complete({ checked: 1 });
    expect((await row(key)).state).toBe('COMPLETED');
    expect(await caller.getVariables(key)).toMatchObject({ reviewed: 1, checked: 1 });
    const history = await caller.getHistory(key);
    expect(history.find((h) => h.elementId === 'review')?.state).toBe('COMPLETED');
    expect(history.filter((h) => h.elementId === 'end')).toHaveLength(1);
    expect(await commands()).toBe(0);
  });

  it('a command that keeps failing becomes an incident on its instance', async () => {
    const { key } = await atUserTask(serving);
    await db.pool.query(
      `INSERT INTO engine.step_commands (instance_key, owner, pending, created_at)
       VALUES ($1, $2, '{}', now() - interval '1 minute')`,
      [key, serving.executorId],
    );
    let incidents = await caller.listIncidents({ processInstanceKey: key });
    for (let i = 0; i < 200 && !incidents.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      incidents = await caller.listIncidents({ processInstanceKey: key });
    }
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ type: 'UNKNOWN', state: 'ACTIVE' });
    expect(await commands()).toBe(0);
    // the instance is still where it was, its task still open
    expect((await row(key)).state).toBe('ACTIVE');
    expect(await caller.searchUserTasks({ processInstanceKey: key })).toHaveLength(1);
  });

  it("a job created by a serving process's step is left to that process for a moment", async () => {
    const other = engine({ serveSteps: true });
    const inst = await serving.startInstance({ bpmnProcessId: 'bench', variables: { amount: 1 } });
    const activate = (e: EmbeddedEngine) =>
      e.activateJobs({ type: 'bench-1', worker: 'w', maxJobsToActivate: 1, timeoutMs: 60_000 });
    expect(await activate(other)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 250));
    const [job] = await activate(other);
    expect(job?.processInstanceKey).toBe(inst.processInstanceKey);
    // a non-serving process takes any job at once
    const inst2 = await serving.startInstance({ bpmnProcessId: 'bench', variables: { amount: 1 } });
    const [job2] = await activate(caller);
    expect(job2?.processInstanceKey).toBe(inst2.processInstanceKey);
  });
});
