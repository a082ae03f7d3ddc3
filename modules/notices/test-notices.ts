// Test setup shared by the notice tests: a decision with real content (case number, amounts,
// title) delivered electronically to a client, which queues one e-mail notice.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { documents } from '@/db/documents-schema';
import { notificationOutbox } from '@/db/paths-schema';
import { cases, clients, units } from '@/db/schema';
import { calculateSupport } from '@/modules/calculation/calculate-support';
import { registerApplication } from '@/modules/cases/register-application';
import { createDecisionDocument } from '@/modules/decisions/create-decision-document';
import { deliverLetter } from '@/modules/delivery';
import type { SigningCredentials } from '@/modules/documents/pdf';
import type { Locale } from '@/modules/i18n';
import type { TestDatabase } from '@/test/db';
import { insertCase } from '@/test/process-kit';

export interface DeliveredNotice {
  outboxId: string;
  clientId: string;
  email: string | null;
  caseNumber: string;
  firstNames: string;
  lastName: string;
  title: string;
  supportCents: number;
}

let clientCount = 0;

/** A new client of the given language with the given address (or none). */
export async function clientOf(
  t: TestDatabase,
  locale: Locale,
  email: string | null,
): Promise<typeof clients.$inferSelect> {
  const [unit] = await t.db.select({ id: units.id }).from(units).limit(1);
  clientCount++;
  const [client] = await t.db
    .insert(clients)
    .values({
      // Unique within the test database; these clients never meet the identity-code checks.
      identityCode: `T${randomBytes(5).toString('hex')}`,
      firstNames: `Ilmari${clientCount}`,
      lastName: `Ilmoitettava${clientCount}`,
      birthDate: '1980-05-05',
      preferredLocale: locale,
      responsibleUnitId: unit!.id,
      email,
    })
    .returning();
  return client!;
}

export function uniqueAddress(): string {
  return `asiakas-${randomBytes(4).toString('hex')}@example.fi`;
}

export async function deliveredNotice(
  t: TestDatabase,
  signing: SigningCredentials,
  client: typeof clients.$inferSelect,
): Promise<DeliveredNotice> {
  const caseId = await insertCase(t, {
    clientId: client.id,
    applicationData: { electronicDeliveryConsent: true },
  });
  await registerApplication(t.db, caseId);
  const calculation = calculateSupport({
    month: '2026-12-01',
    members: [{ id: 'a', name: 'A', type: 'single' }],
    housingCostsCents: 61234,
    incomes: [{ memberId: 'a', code: 'salary', amountCents: 23456, earned: true }],
  });
  const { documentId } = await createDecisionDocument(
    t.db,
    {
      caseId,
      idempotencyKey: `notice-${caseId}`,
      outcome: 'granted',
      reasons: 'Vuokra hyväksytään kohtuullisena.',
      calculation,
      decidedBy: 'Päivi Päättäjä',
    },
    signing,
  );
  const delivery = await deliverLetter(t.db, { documentId, channel: 'electronic' });
  const [row] = await t.db
    .select()
    .from(notificationOutbox)
    .where(eq(notificationOutbox.deliveryId, delivery.deliveryId));
  const [caseRow] = await t.db.select().from(cases).where(eq(cases.id, caseId));
  const [document] = await t.db.select().from(documents).where(eq(documents.id, documentId));
  return {
    outboxId: row!.id,
    clientId: client.id,
    email: client.email,
    caseNumber: caseRow!.caseNumber!,
    firstNames: client.firstNames,
    lastName: client.lastName,
    title: document!.title,
    supportCents: calculation.supportCents,
  };
}
