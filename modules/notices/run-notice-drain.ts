// The notice drain loop of the worker process. Without SMTP_URL it does not start (said once in
// the log) and notices stay pending until a worker with SMTP settings runs.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@/db/client';
import { drainNoticeOutbox } from './drain-notice-outbox';
import type { NoticeSettings } from './notice-settings';
import { createSmtpSender, type NoticeSender } from './smtp-sender';

export interface NoticeDrain {
  stop(timeoutMs?: number): Promise<void>;
}

export function startNoticeDrain(options: {
  db: Database;
  settings: NoticeSettings;
  log: (message: string) => void;
  onError?: (error: unknown) => void;
  /** Tests pass their own; default: nodemailer on settings.smtpUrl. */
  sender?: NoticeSender;
}): NoticeDrain | null {
  const { db, settings, log } = options;
  if (!settings.smtpUrl && !options.sender) {
    log('SMTP_URL is not set: e-mail notices are not sent and stay pending');
    return null;
  }
  const sender = options.sender ?? createSmtpSender(settings.smtpUrl!);
  const report = options.onError ?? ((error) => console.error('[notices]', error));
  const controller = new AbortController();
  const loop = async () => {
    while (!controller.signal.aborted) {
      let worked = false;
      try {
        const r = await drainNoticeOutbox(db, sender, settings);
        worked = r.sent + r.retried + r.failed + r.noAddress > 0;
        if (r.retried || r.failed) log(`notices: ${r.retried} to retry, ${r.failed} failed`);
      } catch (error) {
        report(error);
      }
      if (!worked)
        await sleep(settings.pollMs, undefined, { signal: controller.signal }).catch(
          () => undefined,
        );
    }
  };
  const running = loop();
  log(`e-mail notices are sent from ${settings.from}`);
  return {
    async stop(timeoutMs = 10_000) {
      controller.abort();
      await Promise.race([running, sleep(timeoutMs)]);
      sender.close();
    },
  };
}
