import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { checkHealth } from './check-health';
import { recordHeartbeat, removeHeartbeat } from './record-heartbeat';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe('health', () => {
  it('is unhealthy while no worker has reported in', async () => {
    const report = await checkHealth(t.db, t.pool);
    expect(report).toMatchObject({
      ok: false,
      database: { reachable: true },
      migrations: { current: true },
      worker: { recent: false },
    });
  });

  it('is healthy with a recent heartbeat and unhealthy once it is older than the limit', async () => {
    await recordHeartbeat(t.db, { workerId: 'w1', hostname: 'h', pid: 1, startedAt: new Date() });
    expect((await checkHealth(t.db, t.pool)).ok).toBe(true);
    const later = new Date(Date.now() + 31_000);
    expect(await checkHealth(t.db, t.pool, later)).toMatchObject({
      ok: false,
      worker: { recent: false },
    });
    await removeHeartbeat(t.db, 'w1');
    expect((await checkHealth(t.db, t.pool)).ok).toBe(false);
  });

  it('reports migrations not current when one is missing', async () => {
    await recordHeartbeat(t.db, { workerId: 'w2', hostname: 'h', pid: 2, startedAt: new Date() });
    await t.pool.query(
      'DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations)',
    );
    expect(await checkHealth(t.db, t.pool)).toMatchObject({
      ok: false,
      migrations: { current: false },
    });
  });
});
