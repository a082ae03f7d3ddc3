// Shared set-up for tests that run the service-path models on the real embedded runtime.
import { cases, clients, organisations } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import {
  EmbeddedEngine,
  migrateEngine,
  runWorkers,
  type JobHandler,
  type WorkerRunner,
} from '@/engine';
import type { Clock } from '@/engine/embedded/runtime';
import { deployWorkflows } from '@/modules/process/deploy-workflows';
import { createTestDatabase, type TestDatabase } from './db';

export interface ProcessKit {
  t: TestDatabase;
  engine: EmbeddedEngine;
  runner: WorkerRunner;
  close(): Promise<void>;
}

/** A seeded database, the engine with workflows/ deployed, and the given handlers running. */
export async function setupProcessKit(options: {
  handlers: (t: TestDatabase) => unknown[] | Promise<unknown[]>;
  clock?: Clock;
}): Promise<ProcessKit> {
  const t = await createTestDatabase();
  await seedDemoData(t.db);
  await migrateEngine(t.pool);
  const engine = new EmbeddedEngine({
    pool: t.pool,
    connectionString: t.url,
    clock: options.clock,
  });
  await deployWorkflows(engine);
  const runner = runWorkers({
    engine,
    handlers: (await options.handlers(t)) as JobHandler[],
    pollMs: 100,
  });
  return {
    t,
    engine,
    runner,
    async close() {
      await runner.stop();
      await engine.close();
      await t.close();
    },
  };
}

/** Polls until `fn` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A case of the first seeded client (or the given one), with overrides. */
export async function insertCase(
  t: TestDatabase,
  values: Partial<typeof cases.$inferInsert> = {},
): Promise<string> {
  const [org] = await t.db.select().from(organisations);
  const [client] = await t.db.select().from(clients).limit(1);
  const [row] = await t.db
    .insert(cases)
    .values({
      organisationId: org!.id,
      clientId: client!.id,
      supportType: 'supplementary',
      channel: 'eservice',
      receivedOn: '2026-11-25',
      ...values,
    })
    .returning({ id: cases.id });
  return row!.id;
}
