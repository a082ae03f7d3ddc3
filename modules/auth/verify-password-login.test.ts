import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { hashPassword, unlockUser, verifyPasswordLogin } from './verify-password-login';

let t: TestDatabase;
let userId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const [row] = await t.db
    .insert(users)
    .values({
      username: 'maija',
      displayName: 'Maija Ohjaaja',
      passwordHash: await hashPassword('oikea-salasana'),
      roles: ['caseworker'],
    })
    .returning();
  userId = row!.id;
});
afterAll(async () => {
  await t.close();
});

async function auditActions() {
  const { rows } = await t.pool.query<{ action: string }>(
    'SELECT action FROM audit_log ORDER BY seq',
  );
  return rows.map((r) => r.action);
}

describe('password login', () => {
  it('accepts the right password (username case-insensitive) and audits the login', async () => {
    const result = await verifyPasswordLogin(t.db, ' Maija ', 'oikea-salasana');
    expect(result).toMatchObject({ ok: true, userId });
    expect((await auditActions()).at(-1)).toBe('login');
  });

  it('rejects a wrong password and an unknown user the same way, both audited', async () => {
    expect(await verifyPasswordLogin(t.db, 'maija', 'väärä')).toEqual({
      ok: false,
      error: 'invalid',
    });
    expect(await verifyPasswordLogin(t.db, 'nobody', 'väärä')).toEqual({
      ok: false,
      error: 'invalid',
    });
    expect((await auditActions()).slice(-2)).toEqual(['login_failed', 'login_failed']);
    await unlockUser(t.db, userId);
  });

  it('locks the account on the 5th failure in a row, even for the right password, until the lock ends', async () => {
    const now = new Date('2026-11-25T10:00:00Z');
    for (let i = 1; i <= 4; i++) {
      expect(await verifyPasswordLogin(t.db, 'maija', `wrong-${i}`, {}, now)).toEqual({
        ok: false,
        error: 'invalid',
      });
    }
    const fifth = await verifyPasswordLogin(t.db, 'maija', 'wrong-5', {}, now);
    expect(fifth).toEqual({
      ok: false,
      error: 'locked',
      lockedUntil: new Date('2026-11-25T10:15:00Z'),
    });

    const during = await verifyPasswordLogin(
      t.db,
      'maija',
      'oikea-salasana',
      {},
      new Date('2026-11-25T10:14:00Z'),
    );
    expect(during).toMatchObject({ ok: false, error: 'locked' });
    expect((await auditActions()).at(-1)).toBe('login_locked');

    const after = await verifyPasswordLogin(
      t.db,
      'maija',
      'oikea-salasana',
      {},
      new Date('2026-11-25T10:16:00Z'),
    );
    expect(after).toMatchObject({ ok: true });
    const [row] = await t.db.select().from(users).where(eq(users.id, userId));
    expect(row).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
  });

  it('a success resets the failure count', async () => {
    for (let i = 0; i < 4; i++) await verifyPasswordLogin(t.db, 'maija', 'wrong');
    expect(await verifyPasswordLogin(t.db, 'maija', 'oikea-salasana')).toMatchObject({ ok: true });
    expect(await verifyPasswordLogin(t.db, 'maija', 'wrong')).toEqual({
      ok: false,
      error: 'invalid',
    });
  });

  it('never lets parallel guesses past the limit', async () => {
    await unlockUser(t.db, userId);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => verifyPasswordLogin(t.db, 'maija', 'guess')),
    );
    const [row] = await t.db.select().from(users).where(eq(users.id, userId));
    expect(row!.lockedUntil).not.toBeNull();
    expect(results.filter((r) => !r.ok && r.error === 'locked').length).toBeGreaterThanOrEqual(1);
  });

  it('refuses an inactive account', async () => {
    await unlockUser(t.db, userId);
    await t.db.update(users).set({ active: false }).where(eq(users.id, userId));
    expect(await verifyPasswordLogin(t.db, 'maija', 'oikea-salasana')).toEqual({
      ok: false,
      error: 'invalid',
    });
    await t.db.update(users).set({ active: true }).where(eq(users.id, userId));
  });
});
