// Settings of the e-mail notice sender, from configuration (SMTP_*, NOTICE_*), with defaults.
import { z } from 'zod';

export interface NoticeSettings {
  /** smtp://user:pass@host:port or smtps://…; null: the drain does not run, rows stay pending. */
  smtpUrl: string | null;
  from: string;
  /** The e-service's public address; the notice links to its login page. */
  baseUrl: string;
  /** Attempts per notice before it is marked failed. */
  maxAttempts: number;
  /** Back-off after a failed attempt: backoffMs * 2^(attempt - 1). */
  backoffMs: number;
  /** How long a claimed notice belongs to its sender; after that a crashed sender's row is redone. */
  leaseMs: number;
  pollMs: number;
  batchSize: number;
}

export const DEFAULT_NOTICE_SETTINGS: Omit<NoticeSettings, 'smtpUrl' | 'from' | 'baseUrl'> = {
  maxAttempts: 8,
  backoffMs: 60_000,
  leaseMs: 10 * 60_000,
  pollMs: 5_000,
  batchSize: 20,
};

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const Env = z.object({
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  SMTP_FROM: z.string().min(3).default('no-reply@localhost'),
  NOTICE_BASE_URL: z.url().optional(),
  NOTICE_MAX_ATTEMPTS: positive(DEFAULT_NOTICE_SETTINGS.maxAttempts),
  NOTICE_BACKOFF_MS: positive(DEFAULT_NOTICE_SETTINGS.backoffMs),
  NOTICE_LEASE_MS: positive(DEFAULT_NOTICE_SETTINGS.leaseMs),
  NOTICE_POLL_MS: positive(DEFAULT_NOTICE_SETTINGS.pollMs),
});

export function noticeSettings(
  env: Record<string, string | undefined> = process.env,
): NoticeSettings {
  const e = Env.parse({
    SMTP_URL: env.SMTP_URL || undefined,
    SMTP_FROM: env.SMTP_FROM || undefined,
    NOTICE_BASE_URL: env.NOTICE_BASE_URL || undefined,
    NOTICE_MAX_ATTEMPTS: env.NOTICE_MAX_ATTEMPTS || undefined,
    NOTICE_BACKOFF_MS: env.NOTICE_BACKOFF_MS || undefined,
    NOTICE_LEASE_MS: env.NOTICE_LEASE_MS || undefined,
    NOTICE_POLL_MS: env.NOTICE_POLL_MS || undefined,
  });
  return {
    smtpUrl: e.SMTP_URL ?? null,
    from: e.SMTP_FROM,
    baseUrl: (
      e.NOTICE_BASE_URL ??
      env.AUTH_URL ??
      `http://localhost:${env.PORT ?? '3000'}`
    ).replace(/\/+$/, ''),
    maxAttempts: e.NOTICE_MAX_ATTEMPTS,
    backoffMs: e.NOTICE_BACKOFF_MS,
    leaseMs: e.NOTICE_LEASE_MS,
    pollMs: e.NOTICE_POLL_MS,
    batchSize: DEFAULT_NOTICE_SETTINGS.batchSize,
  };
}
