import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/db/seed';
import { routingRules } from '@/db/paths-schema';
import { clients, organisations, units, users } from '@/db/schema';
import { checkCharacter } from '@/modules/clients/identity-code';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { resolveOidcUser } from './resolve-oidc-user';

let t: TestDatabase;
let east: string;
const issuer = 'http://localhost:9999';
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  east = (await t.db.select().from(units).where(eq(units.code, 'AIK-ITA')))[0]!.id;
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

  it('refuses an invalid identity code and an unknown person without a name, auditing the failure', async () => {
    const before = await t.db.select().from(clients);
    expect(
      await resolveOidcUser(t.db, { issuer, subject: 'x1', identityCode: '131052-308U' }),
    ).toEqual({ ok: false, error: 'invalid_identity_code' });
    expect(await lastAudit()).toMatchObject({
      action: 'login_failed',
      details: { method: 'oidc', reason: 'invalid_identity_code' },
    });
    expect(
      await resolveOidcUser(t.db, { issuer, subject: 'x2', identityCode: '131052-308T' }),
    ).toEqual({ ok: false, error: 'missing_name' });
    expect(
      await resolveOidcUser(t.db, { issuer, subject: 'x3', email: 'nobody@nowhere.example' }),
    ).toEqual({ ok: false, error: 'no_account' });
    expect(await lastAudit()).toMatchObject({
      action: 'login_failed',
      details: { method: 'oidc', reason: 'no_account' },
    });
    expect(await t.db.select().from(clients)).toHaveLength(before.length);
    expect(await t.db.select().from(users).where(like(users.oidcSubject, 'x%'))).toEqual([]);
  });

  it('refuses a first login when no default routing rule names a unit for new clients', async () => {
    const code = identityCode('150385', '-', 417);
    expect(
      await resolveOidcUser(t.db, {
        issuer,
        subject: 'no-unit',
        identityCode: code,
        givenName: 'Nora',
        familyName: 'Nurmi',
      }),
    ).toEqual({ ok: false, error: 'no_unit' });
    expect(await t.db.select().from(clients).where(eq(clients.identityCode, code))).toEqual([]);
  });

  it('creates the client at a first login: names and language from the login, birth date from the code, unit from the default rule', async () => {
    await addDefaultRule();
    const code = identityCode('290204', 'A', 236).toLowerCase();
    const result = await resolveOidcUser(t.db, {
      issuer,
      subject: 'new-person',
      identityCode: code,
      givenName: '  Aino  Maria ',
      familyName: 'Äijälä',
      locale: 'sv',
    });
    expect(result).toMatchObject({ ok: true, linkedBy: 'new_client', displayName: 'Aino Äijälä' });
    const [client] = await t.db
      .select()
      .from(clients)
      .where(eq(clients.identityCode, code.toUpperCase()));
    expect(client).toMatchObject({
      firstNames: 'Aino Maria',
      lastName: 'Äijälä',
      birthDate: '2004-02-29',
      preferredLocale: 'sv',
      responsibleUnitId: east,
      householdId: null,
    });
    const [user] = await t.db.select().from(users).where(eq(users.clientId, client!.id));
    expect(user).toMatchObject({
      id: result.ok ? result.userId : '',
      roles: ['citizen'],
      oidcIssuer: issuer,
      oidcSubject: 'new-person',
      preferredLocale: 'sv',
    });
    const { rows } = await t.pool.query(
      `SELECT actor_user_id, details FROM audit_log WHERE action = 'client.create' AND client_id = $1`,
      [client!.id],
    );
    expect(rows).toEqual([{ actor_user_id: user!.id, details: { method: 'oidc', issuer } }]);

    // The next login finds the account by its subject; nothing new is created.
    const again = await resolveOidcUser(t.db, {
      issuer,
      subject: 'new-person',
      identityCode: code,
    });
    expect(again).toMatchObject({ ok: true, userId: user!.id, linkedBy: 'subject' });
    expect(await t.db.select().from(users).where(eq(users.clientId, client!.id))).toHaveLength(1);
  });

  it('refuses an identity code that belongs to a staff account', async () => {
    await addDefaultRule();
    const code = identityCode('011170', '-', 902);
    const [unit] = await t.db.select().from(units).limit(1);
    const [client] = await t.db
      .insert(clients)
      .values({
        identityCode: code,
        firstNames: 'Sanna',
        lastName: 'Staff',
        birthDate: '1970-11-01',
        responsibleUnitId: unit!.id,
      })
      .returning();
    await t.db.insert(users).values({
      username: 'sanna.staff',
      displayName: 'Sanna Staff',
      roles: ['caseworker', 'citizen'],
      clientId: client!.id,
    });
    expect(
      await resolveOidcUser(t.db, {
        issuer,
        subject: 'sanna',
        identityCode: code,
        givenName: 'Sanna',
        familyName: 'Staff',
      }),
    ).toEqual({ ok: false, error: 'staff_account' });
    const [staff] = await t.db.select().from(users).where(eq(users.username, 'sanna.staff'));
    expect(staff).toMatchObject({ oidcSubject: null, roles: ['caseworker', 'citizen'] });
    expect(await lastAudit()).toMatchObject({
      action: 'login_failed',
      details: { reason: 'staff_account' },
    });
  });

  it('two first logins at once create one client and one account', async () => {
    await addDefaultRule();
    for (const [code, subjects] of [
      [identityCode('120690', '-', 557), ['same', 'same', 'same', 'same']],
      [identityCode('311299', 'Y', 314), ['one', 'two', 'three']],
    ] as const) {
      const results = await Promise.all(
        subjects.map((subject) =>
          resolveOidcUser(t.db, {
            issuer,
            subject: `race-${code}-${subject}`,
            identityCode: code,
            givenName: 'Kaisa',
            familyName: 'Kilpa',
          }),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      const ids = new Set(results.map((r) => (r.ok ? r.userId : '')));
      expect(ids.size).toBe(1);
      const made = await t.db.select().from(clients).where(eq(clients.identityCode, code));
      expect(made).toHaveLength(1);
      expect(await t.db.select().from(users).where(eq(users.clientId, made[0]!.id))).toHaveLength(
        1,
      );
      const { rows } = await t.pool.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'client.create' AND client_id = $1`,
        [made[0]!.id],
      );
      expect(rows[0]).toEqual({ n: 1 });
    }
  });
});

async function lastAudit() {
  const { rows } = await t.pool.query(
    'SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  return rows[0] as { action: string; details: Record<string, unknown> };
}

/** A valid identity code for the date, century sign and individual number. */
function identityCode(ddmmyy: string, sign: string, individual: number): string {
  const zzz = String(individual).padStart(3, '0');
  return `${ddmmyy}${sign}${zzz}${checkCharacter(`${ddmmyy}${zzz}`)}`;
}

/** New clients go to the east unit (once per test database). */
async function addDefaultRule() {
  const existing = await t.db.select().from(routingRules).where(eq(routingRules.kind, 'default'));
  if (existing.length) return;
  const [organisation] = await t.db.select().from(organisations);
  await t.db.insert(routingRules).values({
    organisationId: organisation!.id,
    priority: 1_000_000,
    kind: 'default',
    unitId: east,
  });
}
