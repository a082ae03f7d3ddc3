import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/db/seed';
import { clients, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { resolveOidcUser } from './resolve-oidc-user';

let t: TestDatabase;
const issuer = 'http://localhost:9999';
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await t.close();
});

describe('OpenID Connect account resolution', () => {
  it('links a pre-provisioned staff account by verified e-mail, then by subject', async () => {
    const first = await resolveOidcUser(t.db, {
      issuer,
      subject: 'sub-olli',
      email: 'Olli.Ohjaaja@demo.example',
      emailVerified: true,
    });
    const [olli] = await t.db.select().from(users).where(eq(users.username, 'ohjaaja'));
    expect(first).toMatchObject({ ok: true, userId: olli!.id, linkedBy: 'email' });
    const again = await resolveOidcUser(t.db, {
      issuer,
      subject: 'sub-olli',
      email: 'changed@elsewhere.example',
    });
    expect(again).toMatchObject({ ok: true, userId: olli!.id, linkedBy: 'subject' });
  });

  it('does not take over an account already linked to another subject', async () => {
    const result = await resolveOidcUser(t.db, {
      issuer,
      subject: 'intruder',
      email: 'olli.ohjaaja@demo.example',
    });
    expect(result).toEqual({ ok: false, error: 'no_account' });
  });

  it('ignores an unverified e-mail', async () => {
    const result = await resolveOidcUser(t.db, {
      issuer,
      subject: 's2',
      email: 'paivi.paattaja@demo.example',
      emailVerified: false,
    });
    expect(result).toEqual({ ok: false, error: 'no_account' });
  });

  it('creates a citizen account for a client in the register from a valid identity code claim', async () => {
    const [client] = await t.db
      .select()
      .from(clients)
      .where(eq(clients.householdRole, 'spouse'))
      .limit(1);
    const result = await resolveOidcUser(t.db, {
      issuer,
      subject: 'citizen-1',
      identityCode: client!.identityCode.toLowerCase(),
    });
    expect(result).toMatchObject({ ok: true, linkedBy: 'identity_code' });
    const [user] = await t.db.select().from(users).where(eq(users.oidcSubject, 'citizen-1'));
    expect(user).toMatchObject({ roles: ['citizen'], clientId: client!.id });
  });

  it('refuses an invalid identity code and an unknown person, auditing the failure', async () => {
    expect(
      await resolveOidcUser(t.db, { issuer, subject: 'x1', identityCode: '131052-308U' }),
    ).toEqual({ ok: false, error: 'no_account' });
    expect(
      await resolveOidcUser(t.db, { issuer, subject: 'x2', identityCode: '131052-308T' }),
    ).toEqual({ ok: false, error: 'no_account' });
    const { rows } = await t.pool.query(
      'SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    expect(rows[0]).toMatchObject({
      action: 'login_failed',
      details: { method: 'oidc', reason: 'no_account' },
    });
  });
});
