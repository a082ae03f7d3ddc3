import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/db/seed';
import { clients, users } from '@/db/schema';
import { loadActor } from '@/modules/access/load-actor';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { listClientsForActor } from './list-clients-for-actor';
import { openClient } from './open-client';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await t.close();
});

async function actorOf(username: string) {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

async function lastAudit() {
  const { rows } = await t.pool.query('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1');
  return rows[0];
}

describe('opening client data', () => {
  it('lets a caseworker of the unit open a client, auditing who, whom, purpose', async () => {
    const actor = await actorOf('ohjaaja');
    const [client] = await t.db
      .select()
      .from(clients)
      .where(eq(clients.responsibleUnitId, actor.unitIds[0]!))
      .limit(1);
    const opened = await openClient(t.db, actor, client!.id, 'client contact');
    expect(opened.client.id).toBe(client!.id);
    expect(opened.members.map((m) => m.id)).toContain(client!.id);
    expect(await lastAudit()).toMatchObject({
      action: 'client.read',
      actor_user_id: actor.userId,
      client_id: client!.id,
      purpose: 'client contact',
    });
  });

  it('refuses a caseworker of another unit and audits the refusal', async () => {
    const actor = await actorOf('ohjaaja2');
    const [client] = await t.db
      .select()
      .from(clients)
      .where(eq(clients.responsibleUnitId, (await actorOf('ohjaaja')).unitIds[0]!))
      .limit(1);
    await expect(openClient(t.db, actor, client!.id, 'curiosity')).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await lastAudit()).toMatchObject({
      action: 'access.denied',
      client_id: client!.id,
      actor_user_id: actor.userId,
    });
  });

  it('refuses the admin: administration gives no client data', async () => {
    const actor = await actorOf('admin');
    const [client] = await t.db.select().from(clients).limit(1);
    await expect(openClient(t.db, actor, client!.id, 'x')).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('answers not_found for an unknown id without saying more', async () => {
    const actor = await actorOf('ohjaaja');
    await expect(
      openClient(t.db, actor, '00000000-0000-0000-0000-000000000000', 'x'),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists only clients of the actor units, masked, and audits the listing', async () => {
    const actor = await actorOf('ohjaaja');
    const page = (await listClientsForActor(t.db, actor, 1, 100))!;
    const all = await t.db.select().from(clients);
    const expected = all.filter((c) => c.responsibleUnitId === actor.unitIds[0]);
    expect(page.total).toBe(expected.length);
    expect(page.rows.map((r) => r.id).sort()).toEqual(expected.map((c) => c.id).sort());
    for (const row of page.rows) expect(row.maskedIdentityCode).toMatch(/^\d{6}[+\-A-FU-Y]\*{4}$/);
    expect(await lastAudit()).toMatchObject({ action: 'client.list', actor_user_id: actor.userId });
    expect(await listClientsForActor(t.db, await actorOf('admin'), 1)).toBeNull();
  });
});
