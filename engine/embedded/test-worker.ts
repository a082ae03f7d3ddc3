// A worker process for the engine's crash and concurrency tests (not part of the runtime):
// runs the 'effect' handler and the timer scheduler against DATABASE_URL until killed.
import pg from 'pg';
import { z } from 'zod';
import { EmbeddedEngine } from './adapter';
import { runWorkers } from '../workers';
import { defineJobHandler } from '../port';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL missing');
const pool = new pg.Pool({ connectionString: url, max: 6 });
const engine = new EmbeddedEngine({
  pool,
  connectionString: url,
  runScheduler: true,
  serveSteps: true,
  schedulerIntervalMs: 100,
  migrate: false,
});
const sleepMax = Number(process.env.EFFECT_SLEEP_MS ?? '0');

const effect = defineJobHandler({
  type: 'effect',
  input: z.object({}).passthrough(),
  output: z.object({}),
  timeoutMs: Number(process.env.JOB_TIMEOUT_MS ?? '3000'),
  async handler(job) {
    const started = new Date();
    if (sleepMax) await new Promise((r) => setTimeout(r, Math.random() * sleepMax));
    // The effect is idempotent per job key; every run is logged to detect overlaps.
    await pool.query(
      `INSERT INTO engine_test.effects (job_key, worker) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [job.key, process.pid],
    );
    await pool.query(
      `INSERT INTO engine_test.runs (job_key, worker, started_at, ended_at) VALUES ($1, $2, $3, clock_timestamp())`,
      [job.key, process.pid, started],
    );
    return job.complete({});
  },
});

const runner = runWorkers({ engine, handlers: [effect], concurrency: 8, pollMs: 500 });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void runner
    .stop(5000)
    .then(() => engine.close())
    .then(() => pool.end())
    .then(() => process.exit(0));
});
