// The worker process: job handlers, the embedded runtime's timer scheduler, a heartbeat for
// /api/health, the sweep that starts applications whose process did not start, and the drain
// of the e-mail notice outbox (only with SMTP_URL).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createDatabase, databaseUrl } from '@/db/client';
import { createEngine, runWorkers } from '@/engine';
import { startPendingApplications } from '@/modules/cases/start-pending-applications';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { createOcrPool } from '@/modules/documents/ocr/ocr-pool';
import { recordHeartbeat, removeHeartbeat } from '@/modules/health/record-heartbeat';
import { noticeSettings } from '@/modules/notices/notice-settings';
import { startNoticeDrain } from '@/modules/notices/run-notice-drain';
import { startScanQueue, type ScanQueue } from '@/modules/scans/run-scan-queue';
import { scanQueueSettings } from '@/modules/scans/queue-settings';
import { jobHandlers } from './index';

const HEARTBEAT_MS = Number(process.env.WORKER_HEARTBEAT_MS ?? '5000');
const SWEEP_MS = Number(process.env.WORKER_SWEEP_MS ?? '60000');
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? '4');
/** OCR workers (tesseract.js); default one per core, 0 turns scanning off in this process. */
const OCR_WORKERS =
  process.env.OCR_WORKERS === undefined ? undefined : Number(process.env.OCR_WORKERS);

async function main() {
  const url = databaseUrl();
  const { db, pool } = createDatabase(url, 10);
  const engine = createEngine({
    pool,
    connectionString: url,
    runScheduler: true,
    serveSteps: true,
  });
  const worker = {
    workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    hostname: hostname(),
    pid: process.pid,
    startedAt: new Date(),
  };
  const log = (message: string) => console.log(`[worker] ${message}`);

  const beat = async () => {
    try {
      await recordHeartbeat(db, worker);
    } catch (error) {
      console.error('[worker] heartbeat failed:', error instanceof Error ? error.message : error);
    }
  };
  const sweep = async () => {
    try {
      const started = await startPendingApplications(db, engine);
      if (started) log(`started ${started} pending application(s)`);
    } catch (error) {
      console.error('[worker] sweep failed:', error instanceof Error ? error.message : error);
    }
  };

  const runner = runWorkers({
    engine,
    handlers: jobHandlers(db, engine),
    concurrency: CONCURRENCY,
    worker: worker.workerId,
    onError: (error, job) =>
      console.error(
        `[worker] ${job ? `job ${job.type} ${job.key}` : 'activation'} failed:`,
        error instanceof Error ? error.message : error,
      ),
  });
  // OCR runs here only, never in a web request: pages come from the scan queue's table.
  let scans: ScanQueue | undefined;
  let stopOcr = async () => {};
  if (OCR_WORKERS !== 0) {
    try {
      const ocrPool = await createOcrPool({ workers: OCR_WORKERS });
      scans = startScanQueue({
        db,
        store: configuredObjectStore(),
        pool: ocrPool,
        workerId: worker.workerId,
        settings: scanQueueSettings(),
        onError: (error) =>
          console.error('[worker] scan queue:', error instanceof Error ? error.message : error),
      });
      stopOcr = () => ocrPool.terminate();
      log(`OCR queue started with ${ocrPool.workerCount} tesseract worker(s)`);
    } catch (error) {
      // The other jobs keep running; scans wait in the queue until a worker with OCR starts.
      console.error(
        '[worker] OCR is unavailable, scans stay queued:',
        error instanceof Error ? error.message : error,
      );
    }
  }
  const notices = startNoticeDrain({
    db,
    settings: noticeSettings(),
    log,
    onError: (error) =>
      console.error('[worker] notices:', error instanceof Error ? error.message : error),
  });
  await beat();
  const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
  const sweeper = setInterval(() => void sweep(), SWEEP_MS);
  log(`${worker.workerId} started`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(heartbeat);
    clearInterval(sweeper);
    log(`${signal}: finishing running jobs…`);
    await Promise.all([runner.stop(10_000), scans?.stop(10_000), notices?.stop(10_000)]);
    await stopOcr().catch(() => undefined);
    await removeHeartbeat(db, worker.workerId).catch(() => undefined);
    await engine.close();
    await pool.end().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error('[worker] failed to start:', error);
  process.exit(1);
});
