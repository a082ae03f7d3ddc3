// The worker process: reports in to the database and (with the engine) runs job handlers.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createDatabase, databaseUrl } from '@/db/client';
import { recordHeartbeat, removeHeartbeat } from '@/modules/health/record-heartbeat';

const HEARTBEAT_MS = Number(process.env.WORKER_HEARTBEAT_MS ?? '5000');

async function main() {
  const { db, pool } = createDatabase(databaseUrl(), 5);
  const worker = {
    workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    hostname: hostname(),
    pid: process.pid,
    startedAt: new Date(),
  };
  let stopping = false;

  const beat = async () => {
    try {
      await recordHeartbeat(db, worker);
    } catch (error) {
      console.error('[worker] heartbeat failed:', error instanceof Error ? error.message : error);
    }
  };
  await beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  console.log(`[worker] ${worker.workerId} started`);

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    console.log(`[worker] ${signal}: stopping`);
    await removeHeartbeat(db, worker.workerId).catch(() => undefined);
    await pool.end();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error('[worker] failed to start:', error);
  process.exit(1);
});
