// Helpers for the engine's tests (not part of the runtime).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/db';
import { EmbeddedEngine } from './adapter';
import { migrateEngine } from './migrate';
import type { Clock } from './runtime';
import type { Job, Variables } from '../port';

export const MODELS = path.resolve(import.meta.dirname, '../../workflows/test-models');

export function model(name: string): { name: string; content: string } {
  return { name, content: readFileSync(path.join(MODELS, name), 'utf8') };
}

export class TestClock implements Clock {
  constructor(private t = Date.now()) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

export interface Kit {
  db: TestDatabase;
  engine: EmbeddedEngine;
  clock: TestClock;
  close(): Promise<void>;
}

export async function setupEngine(): Promise<Kit> {
  const db = await createTestDatabase();
  await migrateEngine(db.pool);
  const clock = new TestClock();
  const engine = new EmbeddedEngine({ pool: db.pool, connectionString: db.url, clock });
  return {
    db,
    engine,
    clock,
    async close() {
      await engine.close();
      await db.close();
    },
  };
}

/** Activate exactly one job of a type (fails the test if there is none). */
export async function takeJob(engine: EmbeddedEngine, type: string): Promise<Job> {
  const jobs = await engine.activateJobs({
    type,
    worker: 'test',
    maxJobsToActivate: 1,
    timeoutMs: 60_000,
  });
  const job = jobs[0];
  if (!job) throw new Error(`no activatable job of type ${type}`);
  return job;
}

export async function completeJob(engine: EmbeddedEngine, type: string, vars: Variables = {}) {
  const job = await takeJob(engine, type);
  await job.complete(vars);
  return job;
}
