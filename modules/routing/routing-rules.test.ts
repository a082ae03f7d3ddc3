import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routingRules } from '@/db/paths-schema';
import { cases, clients, households, organisations, units, users } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { loadActor } from '@/modules/access/load-actor';
import { registerApplication } from '@/modules/cases/register-application';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { insertCase } from '@/test/process-kit';
import { chooseUnit, replaceRoutingRules, type RoutingRule } from './routing-rules';

let t: TestDatabase;
let orgId: string;
let north: string;
let east: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  orgId = (await t.db.select().from(organisations))[0]!.id;
  north = (await t.db.select().from(units).where(eq(units.code, 'AIK-POHJOINEN')))[0]!.id;
  east = (await t.db.select().from(units).where(eq(units.code, 'AIK-ITA')))[0]!.id;
});
afterAll(async () => {
  await t.close();
});

const rule = (r: Partial<RoutingRule> & Pick<RoutingRule, 'kind' | 'unitId'>): RoutingRule => ({
  priority: 100,
  value: null,
  rangeEnd: null,
  ...r,
});

describe('routing rules', () => {
  const rules = [
    rule({ priority: 10, kind: 'postal_prefix', value: '00100', unitId: 'exact' }),
    rule({ priority: 20, kind: 'postal_range', value: '009', rangeEnd: '010', unitId: 'range' }),
    rule({ priority: 30, kind: 'postal_prefix', value: '001', unitId: 'prefix' }),
    rule({ priority: 40, kind: 'municipality', value: 'Kauniainen', unitId: 'municipality' }),
    rule({ priority: 1000, kind: 'default', unitId: 'default' }),
  ];
  it.each([
    ['00100', 'Helsinki', 'exact'],
    ['00120', 'Helsinki', 'prefix'],
    ['00900', 'Helsinki', 'range'],
    ['01090', 'Vantaa', 'range'],
    ['01100', 'Vantaa', 'default'],
    ['02700', 'kauniainen', 'municipality'],
    ['33100', 'Tampere', 'default'],
  ])('%s %s goes to %s', (postalCode, municipality, unit) => {
    expect(chooseUnit(rules, { postalCode, municipality })).toBe(unit);
  });

  it('the lowest priority number wins, whatever the order of the rows', () => {
    expect(chooseUnit([...rules].reverse(), { postalCode: '00100', municipality: '' })).toBe(
      'exact',
    );
    expect(chooseUnit(rules.slice(0, 4), { postalCode: '33100', municipality: 'Tampere' })).toBe(
      null,
    );
  });

  it('are seeded with the postal codes each unit served before', async () => {
    const rows = await t.db
      .select()
      .from(routingRules)
      .where(eq(routingRules.organisationId, orgId));
    expect(
      rows
        .filter((r) => r.unitId === north)
        .map((r) => r.value)
        .sort(),
    ).toEqual(['00100', '00120', '00140']);
    expect(rows.every((r) => r.kind === 'postal_prefix')).toBe(true);
  });

  it('registration routes by the rules an administrator set; with no match the responsible unit handles it', async () => {
    const admin = (await loadActor(
      t.db,
      (await t.db.select().from(users).where(eq(users.username, 'admin')))[0]!.id,
    ))!;
    const [client] = await t.db
      .select()
      .from(clients)
      .where(eq(clients.responsibleUnitId, north))
      .limit(1);
    const [household] = await t.db
      .select()
      .from(households)
      .where(eq(households.id, client!.householdId!));
    expect(
      await replaceRoutingRules(t.db, admin, orgId, [
        { priority: 5, kind: 'municipality', value: household!.municipality, unitCode: 'AIK-ITA' },
      ]),
    ).toEqual({ ok: true, count: 1 });
    const routed = await insertCase(t, { clientId: client!.id, receivedOn: '2026-11-25' });
    expect((await registerApplication(t.db, routed)).unitId).toBe(east);

    await replaceRoutingRules(t.db, admin, orgId, [
      { priority: 5, kind: 'postal_prefix', value: '99', unitCode: 'AIK-ITA' },
    ]);
    const unmatched = await insertCase(t, { clientId: client!.id, receivedOn: '2026-11-25' });
    expect((await registerApplication(t.db, unmatched)).unitId).toBe(north);
    await t.db.delete(cases).where(eq(cases.id, unmatched));
  });

  it('a bad rule refuses the whole change with a message code, and only administrators change rules', async () => {
    const admin = (await loadActor(
      t.db,
      (await t.db.select().from(users).where(eq(users.username, 'admin')))[0]!.id,
    ))!;
    const before = await t.db.select().from(routingRules);
    const attempts = [
      [{ priority: 1, kind: 'postal_prefix', value: '0010A', unitCode: 'AIK-ITA' }, 'postalCode'],
      [
        { priority: 1, kind: 'postal_range', value: '010', rangeEnd: '009', unitCode: 'AIK-ITA' },
        'range',
      ],
      [{ priority: 1, kind: 'municipality', value: '', unitCode: 'AIK-ITA' }, 'municipality'],
      [{ priority: 1, kind: 'default', unitCode: 'EI-OLE' }, 'unknownUnit'],
      [{ priority: -1, kind: 'default', unitCode: 'AIK-ITA' }, 'invalid'],
    ] as const;
    for (const [bad, error] of attempts) {
      expect(
        await replaceRoutingRules(t.db, admin, orgId, [
          { priority: 1, kind: 'default', unitCode: 'AIK-ITA' },
          bad,
        ]),
      ).toEqual({ ok: false, error, index: 1 });
    }
    expect(await t.db.select().from(routingRules)).toEqual(before);
    const caseworker = (await loadActor(
      t.db,
      (await t.db.select().from(users).where(eq(users.username, 'ohjaaja')))[0]!.id,
    ))!;
    await expect(replaceRoutingRules(t.db, caseworker, orgId, [])).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
