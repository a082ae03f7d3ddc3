// The OCR queue in the worker process: one loop per OCR worker (one per core), each taking one
// page at a time, plus a sweep that finishes files a crash left between last page and PDF.
import { setTimeout as sleep } from 'node:timers/promises';
import { finishScanFile, unfinishedScanFiles } from './finish-scan-file';
import { processNextScanPage, type ScanQueueDeps } from './process-next-scan-page';

export interface ScanQueue {
  /** Lets running pages finish (up to timeoutMs), then returns. */
  stop(timeoutMs?: number): Promise<void>;
}

export function startScanQueue(
  deps: ScanQueueDeps & { onError?: (error: unknown) => void; sweepMs?: number },
): ScanQueue {
  const controller = new AbortController();
  const report = deps.onError ?? ((error) => console.error('[scans]', error));
  const pause = (ms: number) =>
    sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);

  const loop = async () => {
    while (!controller.signal.aborted) {
      let worked = false;
      try {
        worked = await processNextScanPage(deps);
      } catch (error) {
        report(error);
      }
      if (!worked) await pause(deps.settings.pollMs);
    }
  };
  const sweep = async () => {
    while (!controller.signal.aborted) {
      try {
        for (const fileId of await unfinishedScanFiles(deps.db)) {
          await finishScanFile(deps.db, deps.store, fileId, deps.settings.dpi);
        }
      } catch (error) {
        report(error);
      }
      await pause(deps.sweepMs ?? 30_000);
    }
  };
  const running = [
    ...Array.from({ length: Math.max(1, deps.pool.workerCount) }, () => loop()),
    sweep(),
  ];
  return {
    async stop(timeoutMs = 10_000) {
      controller.abort();
      await Promise.race([Promise.all(running), sleep(timeoutMs)]);
    },
  };
}
