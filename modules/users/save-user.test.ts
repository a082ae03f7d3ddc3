import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/db/seed';
import { unitMemberships, units, users } from '@/db/schema';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { verifyPasswordLogin } from '@/modules/auth/verify-password-login';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { saveUser, type SaveUserInput } from './save-user';

let t: TestDatabase;
let admin: LoadedActor;
let unitIds: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  const [row] = await t.db.select().from(users).where(eq(users.username, 'admin'));
  admin = (await loadActor(t.db, row!.id))!;
  unitIds = (await t.db.select().from(units)).map((u) => u.id);
});
afterAll(async () => {
  await t.close();
});

const base: SaveUserInput = {
  username: 'uusi.ohjaaja',
  displayName: 'Uusi Ohjaaja',
  email: 'uusi@demo.example',
  password: 'pitkä-salasana-123',
  roles: ['caseworker'],
  unitIds: [],
  active: true,
};

describe('saving users', () => {
  it('creates a staff user with roles and units who can then log in; audited without the password', async () => {
    const result = await saveUser(t.db, admin, { ...base, unitIds: [unitIds[0]!] });
    expect(result.ok).toBe(true);
    const userId = result.ok ? result.userId : '';
    const memberships = await t.db
      .select()
      .from(unitMemberships)
      .where(eq(unitMemberships.userId, userId));
    expect(memberships.map((m) => m.unitId)).toEqual([unitIds[0]]);
    expect(await verifyPasswordLogin(t.db, 'uusi.ohjaaja', 'pitkä-salasana-123')).toMatchObject({
      ok: true,
      userId,
    });
    const { rows } = await t.pool.query(
      `SELECT details FROM audit_log WHERE action = 'user.create'`,
    );
    expect(rows[0].details).toMatchObject({ username: 'uusi.ohjaaja', passwordChanged: true });
    expect(JSON.stringify(rows[0].details)).not.toContain('pitkä-salasana');
  });

  it('refuses bad input with every error at once and changes nothing', async () => {
    const before = await t.db.select().from(users);
    const result = await saveUser(t.db, admin, {
      ...base,
      username: 'Ä!',
      displayName: '',
      email: 'not-an-email',
      password: 'short',
      roles: [],
    });
    expect(result).toEqual({
      ok: false,
      errors: ['username', 'displayName', 'email', 'password', 'roles'],
    });
    expect(await t.db.select().from(users)).toHaveLength(before.length);
  });

  it('refuses a taken username', async () => {
    expect(await saveUser(t.db, admin, { ...base, username: 'ohjaaja' })).toEqual({
      ok: false,
      errors: ['usernameTaken'],
    });
  });

  it('never hands out the citizen role from the admin screen', async () => {
    expect(
      await saveUser(t.db, admin, { ...base, username: 'kansalainen', roles: ['citizen'] }),
    ).toEqual({ ok: false, errors: ['citizenRole'] });
    expect(
      await saveUser(t.db, admin, {
        ...base,
        username: 'sekalainen',
        roles: ['citizen', 'caseworker'],
      }),
    ).toEqual({ ok: false, errors: ['citizenRole'] });
  });

  it('moves a user between units and changes roles; the change is audited with before and after', async () => {
    const [olli] = await t.db.select().from(users).where(eq(users.username, 'ohjaaja'));
    const result = await saveUser(t.db, admin, {
      id: olli!.id,
      username: 'ignored-on-update',
      displayName: olli!.displayName,
      email: olli!.email ?? '',
      password: '',
      roles: ['caseworker', 'team_lead'],
      unitIds: [unitIds[1]!],
      active: true,
    });
    expect(result).toEqual({ ok: true, userId: olli!.id });
    const actor = await loadActor(t.db, olli!.id);
    expect(actor).toMatchObject({
      roles: ['caseworker', 'team_lead'],
      unitIds: [unitIds[1]],
      username: 'ohjaaja',
    });
    const { rows } = await t.pool.query(
      `SELECT details FROM audit_log WHERE action = 'user.update' ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0].details).toMatchObject({
      before: { roles: ['caseworker'] },
      after: { roles: ['caseworker', 'team_lead'] },
      passwordChanged: false,
    });
  });

  it('keeps an admin from removing their own admin role or deactivating themselves', async () => {
    const self = {
      id: admin.userId,
      username: 'admin',
      displayName: admin.displayName,
      email: '',
      password: '',
      unitIds: [],
    };
    expect(await saveUser(t.db, admin, { ...self, roles: ['caseworker'], active: true })).toEqual({
      ok: false,
      errors: ['ownAdmin'],
    });
    expect(await saveUser(t.db, admin, { ...self, roles: ['admin'], active: false })).toEqual({
      ok: false,
      errors: ['ownAdmin'],
    });
  });

  it('a deactivated user can no longer log in', async () => {
    const [paivi] = await t.db.select().from(users).where(eq(users.username, 'paattaja'));
    await saveUser(t.db, admin, {
      id: paivi!.id,
      username: 'paattaja',
      displayName: paivi!.displayName,
      email: '',
      password: '',
      roles: ['decision_maker'],
      unitIds: [],
      active: false,
    });
    expect(await verifyPasswordLogin(t.db, 'paattaja', 'Demo-salasana-2026')).toEqual({
      ok: false,
      error: 'invalid',
    });
  });
});
