// Settings of the OCR page queue, from configuration (SCAN_*), with defaults for tests.
import { z } from 'zod';

export interface ScanQueueSettings {
  /** Attempts per page before it is reported failed (a person may retry it). */
  maxAttempts: number;
  /** How long a claimed page belongs to its worker; after that a dead worker's page is redone. */
  leaseMs: number;
  /** Back-off after a failed attempt: backoffMs * 2^(attempt - 1). */
  backoffMs: number;
  /** Idle poll interval of each queue loop. */
  pollMs: number;
  /** Resolution for rasterising PDF pages and assumed for images without one. */
  dpi: number;
}

export const DEFAULT_SCAN_QUEUE_SETTINGS: ScanQueueSettings = {
  maxAttempts: 3,
  leaseMs: 10 * 60_000,
  backoffMs: 5_000,
  pollMs: 1_000,
  dpi: 300,
};

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const Env = z.object({
  SCAN_PAGE_MAX_ATTEMPTS: positive(DEFAULT_SCAN_QUEUE_SETTINGS.maxAttempts),
  SCAN_PAGE_LEASE_MS: positive(DEFAULT_SCAN_QUEUE_SETTINGS.leaseMs),
  SCAN_PAGE_BACKOFF_MS: positive(DEFAULT_SCAN_QUEUE_SETTINGS.backoffMs),
  SCAN_POLL_MS: positive(DEFAULT_SCAN_QUEUE_SETTINGS.pollMs),
  SCAN_DPI: positive(DEFAULT_SCAN_QUEUE_SETTINGS.dpi),
});

export function scanQueueSettings(
  env: Record<string, string | undefined> = process.env,
): ScanQueueSettings {
  const e = Env.parse({
    SCAN_PAGE_MAX_ATTEMPTS: env.SCAN_PAGE_MAX_ATTEMPTS || undefined,
    SCAN_PAGE_LEASE_MS: env.SCAN_PAGE_LEASE_MS || undefined,
    SCAN_PAGE_BACKOFF_MS: env.SCAN_PAGE_BACKOFF_MS || undefined,
    SCAN_POLL_MS: env.SCAN_POLL_MS || undefined,
    SCAN_DPI: env.SCAN_DPI || undefined,
  });
  return {
    maxAttempts: e.SCAN_PAGE_MAX_ATTEMPTS,
    leaseMs: e.SCAN_PAGE_LEASE_MS,
    backoffMs: e.SCAN_PAGE_BACKOFF_MS,
    pollMs: e.SCAN_POLL_MS,
    dpi: e.SCAN_DPI,
  };
}
