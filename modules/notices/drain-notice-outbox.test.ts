import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationOutbox } from '@/db/paths-schema';
import { auditLog, clients, users } from '@/db/schema';
import { loadActor } from '@/modules/access/load-actor';
import { seedDemoData } from '@/db/seed';
import type { SigningCredentials } from '@/modules/documents/pdf';
import { formatMoney, messages } from '@/modules/i18n';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { setupDocuments } from '@/test/documents-kit';
import { freePort } from '@/test/free-port';
import { startSmtpServer, type TestSmtpServer } from '@/test/smtp-kit';
import { claimNotices, drainNoticeOutbox } from './drain-notice-outbox';
import { listNoticeProblems } from './list-notice-problems';
import { noticeSettings } from './notice-settings';
import { startNoticeDrain } from './run-notice-drain';
import { createSmtpSender } from './smtp-sender';
import { clientOf, deliveredNotice, uniqueAddress } from './test-notices';

const BASE = 'https://asiointi.demokaupunki.example';
const settings = {
  from: 'Sosiaalipalvelut <no-reply@demokaupunki.example>',
  baseUrl: BASE,
  maxAttempts: 3,
  backoffMs: 1_000,
  leaseMs: 60_000,
  batchSize: 20,
};

let t: TestDatabase;
let signing: SigningCredentials;
let smtp: TestSmtpServer;

beforeAll(async () => {
  signing = await setupDocuments('notices');
  t = await createTestDatabase();
  await seedDemoData(t.db);
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

async function outboxRow(id: string) {
  const [row] = await t.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
  return row!;
}

function drain(url: string, now: Date) {
  const sender = createSmtpSender(url);
  return drainNoticeOutbox(t.db, sender, settings, () => now).finally(() => sender.close());
}

describe('e-mail notices', () => {
  it('a notice says only that something new waits, with the login link, and names no content', async () => {
    const client = await clientOf(t, 'fi', uniqueAddress());
    const notice = await deliveredNotice(t, signing, client);
    expect((await outboxRow(notice.outboxId)).status).toBe('pending');

    const result = await drain(smtp.url, new Date());
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const mail = smtp.messages.find((m) => m.to && JSON.stringify(m.to).includes(client.email!));
    expect(mail).toBeDefined();
    const t_ = messages('fi').notices.email;
    expect(mail!.subject).toBe(t_.subject);
    expect(mail!.from?.text).toContain('no-reply@demokaupunki.example');
    expect(mail!.text).toContain(`${BASE}/fi/login`);
    expect(mail!.html || '').toContain(`href="${BASE}/fi/login"`);

    const everything = [mail!.subject, mail!.text, mail!.html || ''].join('\n');
    const euros = (notice.supportCents / 100).toFixed(2);
    for (const secret of [
      notice.caseNumber,
      notice.firstNames,
      notice.lastName,
      notice.title,
      formatMoney(notice.supportCents, 'fi'),
      euros,
      euros.replace('.', ','),
      String(notice.supportCents),
      '612,34',
      '234,56',
    ]) {
      expect(everything, secret).not.toContain(secret);
    }

    const row = await outboxRow(notice.outboxId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, toAddress: client.email });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.messageId).toBe(`<notice-${row.id}@demokaupunki.example>`);
    expect(mail!.messageId).toBe(row.messageId);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.send'), eq(auditLog.clientId, client.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ outboxId: row.id, messageId: row.messageId });
  });

  it('each client gets the notice in their own language (sv, en)', async () => {
    const sv = await deliveredNotice(t, signing, await clientOf(t, 'sv', uniqueAddress()));
    const en = await deliveredNotice(t, signing, await clientOf(t, 'en', uniqueAddress()));
    await drain(smtp.url, new Date());
    for (const [notice, locale] of [
      [sv, 'sv'],
      [en, 'en'],
    ] as const) {
      const mail = smtp.messages.find((m) => JSON.stringify(m.to).includes(notice.email!));
      expect(mail!.subject, locale).toBe(messages(locale).notices.email.subject);
      expect(mail!.html || '', locale).toContain(messages(locale).notices.email.intro);
      expect(mail!.text, locale).toContain(`${BASE}/${locale}/login`);
      expect((await outboxRow(notice.outboxId)).locale).toBe(locale);
    }
  });

  it('a rejecting server leads to retries with back-off and, after the last attempt, to failed', async () => {
    const rejecting = await startSmtpServer({ reject: true });
    try {
      const client = await clientOf(t, 'fi', uniqueAddress());
      const notice = await deliveredNotice(t, signing, client);
      const start = new Date('2030-01-01T10:00:00Z');

      expect(await drain(rejecting.url, start)).toMatchObject({ sent: 0, retried: 1 });
      let row = await outboxRow(notice.outboxId);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.nextAttemptAt!.getTime()).toBe(start.getTime() + 1_000);
      expect(row.lastError).toContain('550');
      // Admins read the reason: the recipient the server quoted is masked.
      expect(row.lastError).not.toContain(client.email!);
      expect(row.lastError).toContain('<address>');

      // Not due yet: nothing is claimed.
      expect(await drain(rejecting.url, new Date(start.getTime() + 999))).toMatchObject({
        retried: 0,
      });
      expect(await drain(rejecting.url, new Date(start.getTime() + 1_000))).toMatchObject({
        retried: 1,
      });
      row = await outboxRow(notice.outboxId);
      expect(row.attempts).toBe(2);
      expect(row.nextAttemptAt!.getTime()).toBe(start.getTime() + 1_000 + 2_000);

      expect(await drain(rejecting.url, new Date(start.getTime() + 3_000))).toMatchObject({
        failed: 1,
      });
      row = await outboxRow(notice.outboxId);
      expect(row).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null });
      expect(row.failedAt).toBeInstanceOf(Date);
      expect(rejecting.recipients.filter((r) => r === client.email)).toHaveLength(3);
      expect(rejecting.messages).toHaveLength(0);
      // A failed notice is not tried again.
      expect(await drain(rejecting.url, new Date(start.getTime() + 3_600_000))).toMatchObject({
        failed: 0,
        retried: 0,
      });
      const audit = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'notice.fail'), eq(auditLog.clientId, client.id)));
      expect(audit).toHaveLength(1);
    } finally {
      await rejecting.close();
    }
  });

  it('admins see the failed notices with a masked reason and the pending count; others are refused', async () => {
    const [adminUser] = await t.db.select().from(users).where(eq(users.username, 'admin'));
    const [worker] = await t.db.select().from(users).where(eq(users.username, 'ohjaaja'));
    const admin = (await loadActor(t.db, adminUser!.id))!;
    const { pending, failed } = await listNoticeProblems(t.db, admin);
    expect(pending).toBe(0);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempts: 3 });
    expect(failed[0]!.reason).toContain('<address>');
    expect(failed[0]!.reason).not.toMatch(/@example\.fi/);
    await expect(
      listNoticeProblems(t.db, (await loadActor(t.db, worker!.id))!),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a server that is down leaves the notice pending with the next attempt time', async () => {
    const notice = await deliveredNotice(t, signing, await clientOf(t, 'fi', uniqueAddress()));
    const now = new Date('2030-02-01T10:00:00Z');
    const down = `smtp://notices:secret@127.0.0.1:${await freePort()}`;
    expect(await drain(down, now)).toMatchObject({ sent: 0, retried: 1 });
    const row = await outboxRow(notice.outboxId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
    expect(row.nextAttemptAt!.getTime()).toBe(now.getTime() + 1_000);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);

    // The server comes back: the notice goes out on the next due pass.
    expect(await drain(smtp.url, new Date(now.getTime() + 1_000))).toMatchObject({ sent: 1 });
    expect(await outboxRow(notice.outboxId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('two drains in parallel never send one notice twice', async () => {
    const notices = [];
    for (let i = 0; i < 8; i++) {
      notices.push(
        await deliveredNotice(t, signing, await clientOf(t, i % 2 ? 'sv' : 'fi', uniqueAddress())),
      );
    }
    const before = smtp.messages.length;
    const now = new Date();
    const small = { ...settings, batchSize: 3 };
    const run = async () => {
      const sender = createSmtpSender(smtp.url);
      let total = 0;
      try {
        for (;;) {
          const r = await drainNoticeOutbox(t.db, sender, small, () => now);
          total += r.sent;
          if (r.sent + r.retried + r.failed + r.noAddress === 0) return total;
        }
      } finally {
        sender.close();
      }
    };
    const [a, b] = await Promise.all([run(), run()]);
    expect(a + b).toBe(8);
    const received = smtp.messages.slice(before);
    expect(received).toHaveLength(8);
    for (const notice of notices) {
      expect(received.filter((m) => JSON.stringify(m.to).includes(notice.email!))).toHaveLength(1);
      expect(await outboxRow(notice.outboxId)).toMatchObject({ status: 'sent', attempts: 1 });
    }
  });

  it('a sender that crashed between sending and marking leaves the notice to be sent again (at-least-once)', async () => {
    const notice = await deliveredNotice(t, signing, await clientOf(t, 'en', uniqueAddress()));
    const now = new Date('2030-03-01T10:00:00Z');
    // The crashed sender's claim: committed, never settled.
    const claimed = await claimNotices(t.db, now, settings);
    expect(claimed.map((c) => c.id)).toContain(notice.outboxId);
    expect(await drain(smtp.url, new Date(now.getTime() + 59_999))).toMatchObject({ sent: 0 });
    expect(await drain(smtp.url, new Date(now.getTime() + 60_000))).toMatchObject({ sent: 1 });
    const row = await outboxRow(notice.outboxId);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row.messageId).toBe(`<notice-${row.id}@demokaupunki.example>`);
  });

  it('a notice whose client has no address any more is marked no_address, not sent', async () => {
    const client = await clientOf(t, 'fi', uniqueAddress());
    const notice = await deliveredNotice(t, signing, client);
    await t.db.update(clients).set({ email: null }).where(eq(clients.id, client.id));
    const before = smtp.messages.length;
    expect(await drain(smtp.url, new Date())).toMatchObject({ noAddress: 1, sent: 0 });
    expect((await outboxRow(notice.outboxId)).status).toBe('no_address');
    expect(smtp.messages.length).toBe(before);
  });

  it('without SMTP_URL the drain does not start, says so once, and notices stay pending', async () => {
    const notice = await deliveredNotice(t, signing, await clientOf(t, 'fi', uniqueAddress()));
    const logged: string[] = [];
    const drainLoop = startNoticeDrain({
      db: t.db,
      settings: noticeSettings({}),
      log: (m) => logged.push(m),
    });
    expect(drainLoop).toBeNull();
    expect(logged).toEqual(['SMTP_URL is not set: e-mail notices are not sent and stay pending']);
    expect((await outboxRow(notice.outboxId)).status).toBe('pending');
    // With SMTP_URL the loop sends it.
    const running = startNoticeDrain({
      db: t.db,
      settings: { ...noticeSettings({ SMTP_URL: smtp.url, NOTICE_POLL_MS: '50' }), baseUrl: BASE },
      log: () => undefined,
    });
    try {
      for (let i = 0; i < 100 && (await outboxRow(notice.outboxId)).status === 'pending'; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect((await outboxRow(notice.outboxId)).status).toBe('sent');
    } finally {
      await running!.stop();
    }
  });

  it('rejects a malformed SMTP_URL at start', () => {
    expect(() => noticeSettings({ SMTP_URL: 'http://mail' })).toThrow(/smtp:\/\//);
  });
});
