// The durable outbox drain: claims due notices with FOR UPDATE SKIP LOCKED (any number of
// worker processes share the outbox), sends each, and settles it. A claim is a lease written
// into next_attempt_at and committed before sending: a parallel drain skips the row, and a
// sender that crashes between sending and settling leaves the row pending, so it is sent again
// when the lease ends. Delivery is therefore at-least-once, never lost; a resend keeps the same
// Message-ID.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { appendAudit } from '@/modules/audit';
import { isLocale, type Locale } from '@/modules/i18n';
import { composeNotice } from './compose-notice';
import type { NoticeSettings } from './notice-settings';
import type { NoticeSender } from './smtp-sender';

export interface ClaimedNotice {
  id: string;
  deliveryId: string;
  clientId: string;
  locale: Locale;
  /** This attempt's number; it fences the settling write of a lost lease. */
  attempts: number;
  /** The client's address now (it may have changed since the letter was delivered). */
  email: string | null;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
  noAddress: number;
}

type DrainSettings = Pick<
  NoticeSettings,
  'from' | 'baseUrl' | 'maxAttempts' | 'backoffMs' | 'leaseMs' | 'batchSize'
>;

/** Claims up to `limit` due notices for this sender: attempts + 1, leased until now + lease. */
export async function claimNotices(
  db: Database,
  now: Date,
  settings: Pick<NoticeSettings, 'leaseMs' | 'batchSize'>,
): Promise<ClaimedNotice[]> {
  const leaseEnd = new Date(now.getTime() + settings.leaseMs);
  const claimed = await db.execute<{
    id: string;
    delivery_id: string;
    client_id: string;
    locale: string;
    attempts: number;
    email: string | null;
  }>(sql`
    WITH next AS (
      SELECT id FROM notification_outbox
      WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now.toISOString()})
      ORDER BY created_at, id
      LIMIT ${settings.batchSize}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE notification_outbox o
    SET attempts = o.attempts + 1, next_attempt_at = ${leaseEnd.toISOString()}
    FROM next, clients c
    WHERE o.id = next.id AND c.id = o.client_id
    RETURNING o.id, o.delivery_id, o.client_id, o.locale, o.attempts, c.email`);
  return claimed.rows.map((r) => ({
    id: r.id,
    deliveryId: r.delivery_id,
    clientId: r.client_id,
    locale: isLocale(r.locale) ? r.locale : 'fi',
    attempts: r.attempts,
    email: r.email?.trim() || null,
  }));
}

/** SMTP replies often quote the recipient; admins see the reason without access to clients. */
export function maskAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>').slice(0, 500);
}

function domainOf(from: string): string {
  const match = /@([^\s>]+)/.exec(from);
  return match?.[1] ?? 'localhost';
}

async function settleSent(
  db: Database,
  notice: ClaimedNotice,
  sent: { to: string; subject: string; text: string; messageId: string },
  now: Date,
): Promise<void> {
  await db.execute(sql`
    UPDATE notification_outbox
    SET status = 'sent', sent_at = ${now.toISOString()}, message_id = ${sent.messageId},
      to_address = ${sent.to}, subject = ${sent.subject}, body = ${sent.text},
      next_attempt_at = NULL, last_error = NULL
    WHERE id = ${notice.id} AND status = 'pending' AND attempts = ${notice.attempts}`);
  await appendAudit(db, {
    actorName: 'system: e-mail notice',
    action: 'notice.send',
    clientId: notice.clientId,
    purpose: 'notice of a new delivery in the e-service',
    details: { outboxId: notice.id, deliveryId: notice.deliveryId, messageId: sent.messageId },
  });
}

async function settleFailed(
  db: Database,
  notice: ClaimedNotice,
  reason: string,
  now: Date,
  settings: DrainSettings,
): Promise<'retried' | 'failed'> {
  const masked = maskAddresses(reason);
  if (notice.attempts >= settings.maxAttempts) {
    await db.execute(sql`
      UPDATE notification_outbox
      SET status = 'failed', failed_at = ${now.toISOString()}, last_error = ${masked},
        next_attempt_at = NULL
      WHERE id = ${notice.id} AND status = 'pending' AND attempts = ${notice.attempts}`);
    await appendAudit(db, {
      actorName: 'system: e-mail notice',
      action: 'notice.fail',
      clientId: notice.clientId,
      purpose: 'notice of a new delivery in the e-service',
      details: { outboxId: notice.id, attempts: notice.attempts, reason: masked },
    });
    return 'failed';
  }
  const retryAt = new Date(now.getTime() + settings.backoffMs * 2 ** (notice.attempts - 1));
  await db.execute(sql`
    UPDATE notification_outbox
    SET next_attempt_at = ${retryAt.toISOString()}, last_error = ${masked}
    WHERE id = ${notice.id} AND status = 'pending' AND attempts = ${notice.attempts}`);
  return 'retried';
}

/** One pass over the due notices; returns what happened to each. */
export async function drainNoticeOutbox(
  db: Database,
  sender: NoticeSender,
  settings: DrainSettings,
  now: () => Date = () => new Date(),
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, failed: 0, noAddress: 0 };
  const claimed = await claimNotices(db, now(), settings);
  for (const notice of claimed) {
    if (!notice.email) {
      await db.execute(sql`
        UPDATE notification_outbox SET status = 'no_address', next_attempt_at = NULL
        WHERE id = ${notice.id} AND status = 'pending' AND attempts = ${notice.attempts}`);
      result.noAddress++;
      continue;
    }
    const composed = composeNotice(notice.locale, settings.baseUrl);
    const messageId = `<notice-${notice.id}@${domainOf(settings.from)}>`;
    try {
      const sent = await sender.send({
        to: notice.email,
        from: settings.from,
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        messageId,
      });
      await settleSent(
        db,
        notice,
        { to: notice.email, subject: composed.subject, text: composed.text, ...sent },
        now(),
      );
      result.sent++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const outcome = await settleFailed(db, notice, reason, now(), settings);
      result[outcome]++;
    }
  }
  return result;
}
