import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { CENTURY_SIGNS, parseIdentityCode } from '@/modules/clients/identity-code';
import { ROLES } from '@/modules/access/rules';
import { isSeeded, seedDemoData } from './seed';
import { clients, users } from './schema';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe('demo data', () => {
  it('creates 50 clients with valid identity codes covering every century sign, in households', async () => {
    expect(await isSeeded(t.db)).toBe(false);
    expect(await seedDemoData(t.db)).toEqual({ clients: 50, users: 8 });
    expect(await isSeeded(t.db)).toBe(true);

    const all = await t.db.select().from(clients);
    expect(all).toHaveLength(50);
    const signs = new Set<string>();
    for (const c of all) {
      const parsed = parseIdentityCode(c.identityCode);
      expect(parsed.ok, c.identityCode).toBe(true);
      if (parsed.ok) {
        expect(parsed.value.birthDate).toBe(c.birthDate);
        signs.add(parsed.value.centurySign);
      }
    }
    expect([...signs].sort()).toEqual([...CENTURY_SIGNS].sort());
    const households = new Set(all.map((c) => c.householdId));
    expect(households.size).toBeGreaterThan(10);
    expect(households.size).toBeLessThan(50);
    expect(new Set(all.map((c) => c.responsibleUnitId)).size).toBe(2);
  });

  it('has one user for every role', async () => {
    const all = await t.db.select().from(users);
    for (const role of ROLES)
      expect(
        all.some((u) => u.roles.includes(role)),
        role,
      ).toBe(true);
    expect(all.find((u) => u.roles.includes('citizen'))!.clientId).not.toBeNull();
  });
});
