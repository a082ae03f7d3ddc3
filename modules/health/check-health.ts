// The system's health as /api/health reports it: database, migrations, worker heartbeat.
import { desc } from 'drizzle-orm';
import type pg from 'pg';
import type { Database } from '@/db/client';
import { migrationsCurrent } from '@/db/migrate';
import { workerHeartbeats } from '@/db/schema';

export interface HealthReport {
  ok: boolean;
  database: { reachable: boolean; error?: string };
  migrations: { current: boolean; applied: number; expected: number };
  worker: { recent: boolean; lastSeenAt: string | null; maxAgeSeconds: number };
}

export function workerMaxAgeSeconds(): number {
  const value = Number(process.env.HEALTH_WORKER_MAX_AGE_SECONDS ?? '30');
  return Number.isFinite(value) && value > 0 ? value : 30;
}

export async function checkHealth(
  db: Database,
  pool: pg.Pool,
  now = new Date(),
): Promise<HealthReport> {
  const maxAgeSeconds = workerMaxAgeSeconds();
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    return {
      ok: false,
      database: { reachable: false, error: error instanceof Error ? error.message : String(error) },
      migrations: { current: false, applied: 0, expected: 0 },
      worker: { recent: false, lastSeenAt: null, maxAgeSeconds },
    };
  }
  const migrations = await migrationsCurrent(pool);
  let lastSeen: Date | null = null;
  try {
    const [row] = await db
      .select({ lastSeenAt: workerHeartbeats.lastSeenAt })
      .from(workerHeartbeats)
      .orderBy(desc(workerHeartbeats.lastSeenAt))
      .limit(1);
    lastSeen = row?.lastSeenAt ?? null;
  } catch {
    lastSeen = null;
  }
  const recent = lastSeen !== null && now.getTime() - lastSeen.getTime() <= maxAgeSeconds * 1000;
  return {
    ok: migrations.current && recent,
    database: { reachable: true },
    migrations,
    worker: { recent, lastSeenAt: lastSeen?.toISOString() ?? null, maxAgeSeconds },
  };
}
