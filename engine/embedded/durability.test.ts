// Crash, restart and concurrency tests with real worker processes (engine/embedded/test-worker.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db';
import { EmbeddedEngine } from './adapter';
import { migrateEngine } from './migrate';
import { model } from './testkit';

const WORKER = path.join(import.meta.dirname, 'test-worker.ts');

let db: TestDatabase;
let engine: EmbeddedEngine;
const children = new Set<ChildProcess>();

function spawnWorker(env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, DATABASE_URL: db.url, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(100);
  }
  throw new Error('condition not met in time');
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await migrateEngine(db.pool);
  await db.pool.query(`CREATE SCHEMA engine_test;
    CREATE TABLE engine_test.effects (job_key bigint PRIMARY KEY, worker int NOT NULL);
    CREATE TABLE engine_test.runs (job_key bigint NOT NULL, worker int NOT NULL,
      started_at timestamptz NOT NULL, ended_at timestamptz NOT NULL);`);
  engine = new EmbeddedEngine({ pool: db.pool, connectionString: db.url });
  await engine.deploy([model('crash.bpmn'), model('timer2s.bpmn'), model('effect.bpmn')]);
});

afterAll(async () => {
  await Promise.all([...children].map(kill));
  await engine.close();
  await db.close();
});

describe('durability', () => {
  it('migrateEngine is safe to run concurrently', async () => {
    await Promise.all([migrateEngine(db.pool), migrateEngine(db.pool), migrateEngine(db.pool)]);
    // each SQL file applied exactly once
    const files = readdirSync(path.join(import.meta.dirname, 'sql')).filter((f) =>
      f.endsWith('.sql'),
    );
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(await count('SELECT count(*) AS n FROM engine.migrations')).toBe(files.length);
  });

  it('a 2-second timer fires after a full restart of the worker processes', async () => {
    const w = await spawnWorker();
    const inst = await engine.startInstance({ bpmnProcessId: 'timer2s' });
    await kill(w);
    await sleep(2_200);
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('ACTIVE');
    await spawnWorker();
    await until(
      async () => (await engine.getInstance(inst.processInstanceKey)).state === 'COMPLETED',
      10_000,
    );
    await Promise.all([...children].map(kill));
  }, 30_000);

  it('two worker processes never run the same job at the same time', async () => {
    const workers = await Promise.all([
      spawnWorker({ EFFECT_SLEEP_MS: '30', JOB_TIMEOUT_MS: '30000' }),
      spawnWorker({ EFFECT_SLEEP_MS: '30', JOB_TIMEOUT_MS: '30000' }),
    ]);
    // bursts of 20: more jobs at once than one worker takes (concurrency 8, 30 ms each)
    const keys: string[] = [];
    for (let i = 0; i < 60; i += 20) {
      const started = await Promise.all(
        Array.from({ length: 20 }, () => engine.startInstance({ bpmnProcessId: 'effect' })),
      );
      keys.push(...started.map((s) => s.processInstanceKey));
    }
    await until(
      async () =>
        (await count(
          `SELECT count(*) AS n FROM engine.instances WHERE bpmn_process_id = 'effect' AND state = 'COMPLETED'`,
        )) === 60,
      30_000,
    );
    const runs = await db.pool.query<{ job_key: string; n: string; workers: number }>(
      `SELECT r.job_key, count(*) AS n, count(DISTINCT r.worker)::int AS workers
       FROM engine_test.runs r JOIN engine.jobs j ON j.key = r.job_key
       WHERE j.type = 'effect' AND j.instance_key = ANY($1) GROUP BY r.job_key`,
      [keys],
    );
    expect(runs.rows).toHaveLength(60);
    expect(runs.rows.every((r) => Number(r.n) === 1)).toBe(true);
    const perWorker = await db.pool.query<{ worker: number }>(
      `SELECT DISTINCT worker FROM engine_test.runs`,
    );
    expect(perWorker.rows.length).toBe(2);
    await Promise.all(workers.map(kill));
  }, 40_000);

  it('survives repeated SIGKILLs: every instance ends once, every effect exists once', async () => {
    const N = 200;
    await db.pool.query('TRUNCATE engine_test.effects, engine_test.runs');
    const fast = { JOB_TIMEOUT_MS: '1500' };
    const starting = Promise.all([spawnWorker(fast), spawnWorker(fast)]);
    for (let i = 0; i < N; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, () => engine.startInstance({ bpmnProcessId: 'crash' })),
      );
    }
    const workers = await starting;
    let kills = 0;
    let finished = false;
    // SIGKILL a random worker at random moments and start a new one, while the driver runs.
    const killer = (async () => {
      while (!finished && kills < 5) {
        await sleep(300 + Math.random() * 700);
        if (finished) break;
        const i = Math.floor(Math.random() * workers.length);
        await kill(workers[i]!);
        kills++;
        workers[i] = await spawnWorker(fast);
      }
    })();
    const deadline = Date.now() + 45_000;
    let done = 0;
    while (Date.now() < deadline) {
      // the load driver completes the user tasks
      const tasks = await engine.searchUserTasks({ bpmnProcessId: 'crash', limit: 100 });
      await Promise.all(tasks.map((t) => engine.completeUserTask(t.userTaskKey).catch(() => {})));
      done = await count(
        `SELECT count(*) AS n FROM engine.instances WHERE bpmn_process_id = 'crash' AND state = 'COMPLETED'`,
      );
      if (done === N) break;
      await sleep(100);
    }
    finished = true;
    await killer;
    await Promise.all(workers.map(kill));
    expect(kills).toBeGreaterThan(1);
    expect(done).toBe(N);
    // each instance reached its end event exactly once
    expect(
      await count(
        `SELECT count(*) AS n FROM engine.history h JOIN engine.instances i ON i.key = h.instance_key
         WHERE i.bpmn_process_id = 'crash' AND h.element_id = 'end' AND h.state = 'COMPLETED'`,
      ),
    ).toBe(N);
    expect(
      await count(
        `SELECT count(*) AS n FROM (SELECT instance_key FROM engine.history WHERE element_id = 'end'
           GROUP BY instance_key HAVING count(*) > 1) x`,
      ),
    ).toBe(0);
    // each completed job has its effect, and there is no effect without a completed job
    const jobs = await count(
      `SELECT count(*) AS n FROM engine.jobs j JOIN engine.instances i ON i.key = j.instance_key
       WHERE i.bpmn_process_id = 'crash' AND j.state = 'completed'`,
    );
    expect(jobs).toBe(2 * N);
    expect(
      await count(
        `SELECT count(*) AS n FROM engine_test.effects e JOIN engine.jobs j ON j.key = e.job_key
         WHERE j.state = 'completed'`,
      ),
    ).toBe(2 * N);
    expect(await count(`SELECT count(*) AS n FROM engine_test.effects`)).toBe(2 * N);
  }, 60_000);
});
