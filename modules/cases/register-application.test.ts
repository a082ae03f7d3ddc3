import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/db/seed';
import { cases, clients, organisations, units } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { registerApplication } from './register-application';

let t: TestDatabase;
let orgId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
  orgId = (await t.db.select().from(organisations))[0]!.id;
});
afterAll(async () => {
  await t.close();
});

async function newCase(clientId: string, receivedOn: string, urgent = false) {
  const [row] = await t.db
    .insert(cases)
    .values({
      organisationId: orgId,
      clientId,
      supportType: 'supplementary',
      channel: 'eservice',
      urgent,
      receivedOn,
    })
    .returning();
  return row!;
}

describe('registering an application', () => {
  it('numbers cases per organisation and year without gaps, even in parallel', async () => {
    const all = await t.db.select().from(clients).limit(12);
    const created = await Promise.all(all.map((c) => newCase(c.id, '2026-11-25')));
    const results = await Promise.all(created.map((c) => registerApplication(t.db, c.id)));
    const numbers = results.map((r) => r.caseNumber).sort();
    expect(numbers).toEqual(
      Array.from({ length: 12 }, (_, i) => `TOTU-2026-${String(i + 1).padStart(6, '0')}`),
    );
    const nextYear = await newCase(all[0]!.id, '2027-01-04');
    expect((await registerApplication(t.db, nextYear.id)).caseNumber).toBe('TOTU-2027-000001');
  });

  it('is idempotent: registering twice keeps the number', async () => {
    const [client] = await t.db.select().from(clients).limit(1);
    const c = await newCase(client!.id, '2026-11-26');
    const first = await registerApplication(t.db, c.id);
    const second = await registerApplication(t.db, c.id);
    expect(second).toEqual(first);
  });

  it('routes by the household postal code and sets deadlines and escalation in Helsinki time', async () => {
    const [east] = await t.db.select().from(units).where(eq(units.code, 'AIK-ITA'));
    // Seeded east households live in the east unit's postal codes; move one client's
    // responsibility to the north unit to see that the postal code decides.
    const [target] = await t.db
      .select()
      .from(clients)
      .where(eq(clients.responsibleUnitId, east!.id))
      .limit(1);
    const [north] = await t.db.select().from(units).where(eq(units.code, 'AIK-POHJOINEN'));
    await t.db
      .update(clients)
      .set({ responsibleUnitId: north!.id })
      .where(eq(clients.id, target!.id));
    const c = await newCase(target!.id, '2026-04-02');
    const result = await registerApplication(t.db, c.id);
    expect(result).toMatchObject({
      unitId: east!.id,
      unitGroup: 'unit:AIK-ITA',
      decisionMakerGroup: 'decision-makers:AIK-ITA',
      decisionDueOn: '2026-04-15',
      decisionDueAt: '2026-04-15T16:00:00+03:00',
      escalateAt: '2026-04-13T08:00:00+03:00',
      overdueAt: '2026-04-16T00:00:00+03:00',
    });
    const [stored] = await t.db.select().from(cases).where(eq(cases.id, c.id));
    expect(stored).toMatchObject({
      status: 'in_processing',
      decisionDueOn: '2026-04-15',
      unitId: east!.id,
    });
  });

  it('an urgent application is due the next working day and escalates at once', async () => {
    const [client] = await t.db.select().from(clients).limit(1);
    const c = await newCase(client!.id, '2026-11-27', true);
    expect(await registerApplication(t.db, c.id)).toMatchObject({
      decisionDueOn: '2026-11-30',
      escalateAt: '2026-11-27T08:00:00+02:00',
    });
  });

  it('flags an open application of the same type for the same household, and only then', async () => {
    const { rows } = await t.pool.query<{ household_id: string }>(
      `SELECT c.household_id FROM clients c WHERE c.household_role = 'spouse'
         AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.household_id = c.household_id) LIMIT 1`,
    );
    const members = await t.db
      .select()
      .from(clients)
      .where(eq(clients.householdId, rows[0]!.household_id));
    const first = await newCase(members[0]!.id, '2026-11-20');
    expect((await registerApplication(t.db, first.id)).possibleDuplicateOf).toBeNull();
    const second = await newCase(members[1]!.id, '2026-11-21');
    expect((await registerApplication(t.db, second.id)).possibleDuplicateOf).toBe(first.id);
  });

  it('fails clearly for an unknown case', async () => {
    await expect(registerApplication(t.db, '00000000-0000-0000-0000-000000000000')).rejects.toThrow(
      /does not exist/,
    );
  });
});
