import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentInstructions } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { insertCase } from '@/test/process-kit';
import { recordPaymentInstruction } from './record-payment-instruction';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await t.close();
});

function caseWith(applicationData: Record<string, unknown>) {
  return insertCase(t, { applicationData });
}

describe('payment instruction', () => {
  it('records the validated IBAN, amount and month once per decision', async () => {
    const caseId = await caseWith({ iban: 'fi21 1234 5600 0007 85' });
    const decisionDocumentId = randomUUID();
    const input = { caseId, decisionDocumentId, amountCents: 31234, month: '2026-12-01' };
    const first = await recordPaymentInstruction(t.db, input);
    const again = await recordPaymentInstruction(t.db, input);
    expect(first.ok && again.ok && first.paymentInstructionId === again.paymentInstructionId).toBe(
      true,
    );
    const rows = await t.db.select().from(paymentInstructions);
    expect(rows).toEqual([
      expect.objectContaining({
        iban: 'FI2112345600000785',
        amountCents: 31234,
        periodStart: '2026-12-01',
        periodEnd: '2026-12-31',
      }),
    ]);
  });

  it('refuses a missing or invalid IBAN without writing anything', async () => {
    expect(
      await recordPaymentInstruction(t.db, {
        caseId: await caseWith({}),
        decisionDocumentId: randomUUID(),
        amountCents: 1,
        month: '2026-02-01',
      }),
    ).toEqual({
      ok: false,
      error: 'iban_missing',
    });
    expect(
      await recordPaymentInstruction(t.db, {
        caseId: await caseWith({ iban: 'FI21 1234 5600 0007 86' }),
        decisionDocumentId: randomUUID(),
        amountCents: 1,
        month: '2026-02-01',
      }),
    ).toEqual({ ok: false, error: 'iban_checksum' });
    expect(await t.db.select().from(paymentInstructions)).toHaveLength(1);
  });
});
