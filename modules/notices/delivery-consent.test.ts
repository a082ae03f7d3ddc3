import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronicDeliveryConsents } from '@/db/notices-schema';
import { deliveries } from '@/db/paths-schema';
import { auditLog, clients, users } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { createDecisionDocument } from '@/modules/decisions/create-decision-document';
import { deliverLetter, deliveryChannelForClient } from '@/modules/delivery';
import { ownDecisionDelivery } from '@/modules/delivery/own-decision-delivery';
import type { SigningCredentials } from '@/modules/documents/pdf';
import { AppError } from '@/modules/errors';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { setupDocuments } from '@/test/documents-kit';
import { insertCase } from '@/test/process-kit';
import { loadNoticeSettings } from './load-notice-settings';
import { recordDeliveryConsent } from './record-delivery-consent';
import { setNoticeEmail } from './set-notice-email';

let t: TestDatabase;
let signing: SigningCredentials;
let citizen: LoadedActor;
let caseworker: LoadedActor;

async function actor(username: string): Promise<LoadedActor> {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

beforeAll(async () => {
  signing = await setupDocuments('consent');
  t = await createTestDatabase();
  await seedDemoData(t.db);
  citizen = await actor('asiakas');
  caseworker = await actor('ohjaaja');
});
afterAll(async () => {
  await t.close();
});

async function auditActions(clientId: string, action: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.clientId, clientId), eq(auditLog.action, action)));
}

/** A decision on a new case of the citizen, delivered without a channel given. */
async function deliverDecision(
  applicationData: Record<string, unknown>,
): Promise<Awaited<ReturnType<typeof deliverLetter>> & { caseId: string }> {
  const caseId = await insertCase(t, { clientId: citizen.clientId!, applicationData });
  const { documentId } = await createDecisionDocument(
    t.db,
    {
      caseId,
      idempotencyKey: `consent-${caseId}`,
      outcome: 'rejected',
      reasons: 'Tulot ylittävät menot.',
      calculation: null,
      decidedBy: 'Päivi Päättäjä',
    },
    signing,
  );
  return { ...(await deliverLetter(t.db, { documentId })), caseId };
}

describe('consent to electronic delivery', () => {
  it('with no consent recorded, the application decides as before', async () => {
    expect(await deliveryChannelForClient(t.db, citizen.clientId!, {})).toBe('post');
    expect(
      await deliveryChannelForClient(t.db, citizen.clientId!, { electronicDeliveryConsent: true }),
    ).toBe('electronic');
    const settings = await loadNoticeSettings(t.db, citizen);
    expect(settings.consent).toBeNull();
    expect(settings.history).toEqual([]);
  });

  it('giving and withdrawing keep a history, each change audited; letters follow the newest', async () => {
    // Given in the e-service: a letter goes electronically though the application said nothing.
    await recordDeliveryConsent(t.db, citizen, { given: true }, new Date('2026-11-20T10:00:00Z'));
    const electronic = await deliverDecision({});
    expect(electronic.channel).toBe('electronic');

    // Withdrawn: the next letter goes by post though the application consented.
    await recordDeliveryConsent(t.db, citizen, { given: false }, new Date('2026-11-21T10:00:00Z'));
    const post = await deliverDecision({ electronicDeliveryConsent: true });
    expect(post.channel).toBe('post');
    expect(post.printBatchId).not.toBeNull();
    expect(post.deemedNotifiedOn > post.sentOn).toBe(true);
    const [row] = await t.db.select().from(deliveries).where(eq(deliveries.id, post.deliveryId));
    expect(row!.channel).toBe('post');
    // The case page tells the citizen which way each decision went.
    expect(await ownDecisionDelivery(t.db, citizen, post.caseId)).toMatchObject({
      channel: 'post',
      sentOn: post.sentOn,
      deemedNotifiedOn: post.deemedNotifiedOn,
    });
    expect(await ownDecisionDelivery(t.db, citizen, electronic.caseId)).toMatchObject({
      channel: 'electronic',
    });
    expect(await ownDecisionDelivery(t.db, caseworker, post.caseId)).toBeNull();

    const settings = await loadNoticeSettings(t.db, citizen);
    expect(settings.consent).toMatchObject({ given: false, channel: 'eservice' });
    expect(settings.history.map((h) => h.given)).toEqual([false, true]);
    expect(settings.history[1]).toMatchObject({
      byUserId: citizen.userId,
      byName: citizen.displayName,
      clientId: citizen.clientId,
    });
    expect(await auditActions(citizen.clientId!, 'delivery_consent.give')).toHaveLength(1);
    expect(await auditActions(citizen.clientId!, 'delivery_consent.withdraw')).toHaveLength(1);
    const reads = await auditActions(citizen.clientId!, 'client.read');
    expect(reads.some((r) => r.purpose === 'citizen: notice settings')).toBe(true);

    // Given again: electronic again.
    await recordDeliveryConsent(t.db, citizen, { given: true });
    expect(await deliveryChannelForClient(t.db, citizen.clientId!, {})).toBe('electronic');
  });

  it('bad input and staff are refused and change nothing', async () => {
    const before = await t.db
      .select()
      .from(electronicDeliveryConsents)
      .where(eq(electronicDeliveryConsents.clientId, citizen.clientId!));
    await expect(recordDeliveryConsent(t.db, citizen, { given: 'yes' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(recordDeliveryConsent(t.db, caseworker, { given: true })).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(loadNoticeSettings(t.db, caseworker)).rejects.toMatchObject({ code: 'forbidden' });
    const after = await t.db
      .select()
      .from(electronicDeliveryConsents)
      .where(eq(electronicDeliveryConsents.clientId, citizen.clientId!));
    expect(after).toHaveLength(before.length);
  });
});

describe('e-mail address for notices', () => {
  async function storedEmail() {
    const [row] = await t.db
      .select({ email: clients.email })
      .from(clients)
      .where(eq(clients.id, citizen.clientId!));
    return row!.email;
  }

  it('is validated, stored on the client, can be removed, and every change is audited', async () => {
    const audited = (await auditActions(citizen.clientId!, 'client.update')).length;
    expect(await setNoticeEmail(t.db, citizen, { email: '  Aino.Uusi@Example.FI ' })).toBe(
      'aino.uusi@example.fi',
    );
    expect(await storedEmail()).toBe('aino.uusi@example.fi');

    for (const bad of [
      'ei-osoite',
      'a@',
      '@example.fi',
      'a b@example.fi',
      `${'x'.repeat(250)}@e.fi`,
      42,
    ]) {
      await expect(setNoticeEmail(t.db, citizen, { email: bad })).rejects.toMatchObject({
        code: 'invalid_input',
      });
    }
    expect(await storedEmail()).toBe('aino.uusi@example.fi');

    expect(await setNoticeEmail(t.db, citizen, { email: '' })).toBeNull();
    expect(await storedEmail()).toBeNull();
    const updates = await auditActions(citizen.clientId!, 'client.update');
    expect(updates).toHaveLength(audited + 2);
    expect(updates.at(-1)!.details).toMatchObject({ field: 'email', cleared: true });
    // The address itself is not copied into the audit log.
    expect(JSON.stringify(updates.map((u) => u.details))).not.toContain('aino.uusi');
  });

  it('staff cannot set a citizen address through the e-service function', async () => {
    await expect(
      setNoticeEmail(t.db, caseworker, { email: 'olli@example.fi' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
