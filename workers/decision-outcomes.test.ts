// The decision path's three outcomes on the real runtime with its real workers: the calculation,
// the signed decision document in the client's language (read back with pdftotext), and a
// payment instruction only when support is granted or partly granted.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '@/db/documents-schema';
import { paymentInstructions, users } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { calculateSupport, type CalculationInput } from '@/modules/calculation/calculate-support';
import { flatten, pdfsig, pdftotext } from '@/modules/documents/pdf/test-helpers';
import { formatMoney as localMoney } from '@/modules/i18n';
import type { TestDatabase } from '@/test/db';
import { originalBytes, setupDocuments } from '@/test/documents-kit';
import { eventually, insertCase, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from './index';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  const signing = await setupDocuments('decision');
  kit = await setupProcessKit({
    handlers: (db) =>
      jobHandlers(db.db, undefined, {
        now: () => new Date('2026-12-03T10:00:00+02:00'),
        signing: async () => signing,
      }),
  });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

/** Money as pdftotext gives it back (plain spaces). */
const formatMoney = (cents: number, locale: 'fi') =>
  localMoney(cents, locale).replace(/[\u00a0\u202f]/g, ' ');

/** One adult, rent 500 €, net salary 300 €: support is due. */
const needsSupport: CalculationInput = {
  month: '2026-12-01',
  members: [{ id: 'a', name: 'Aino', type: 'single' }],
  housingCostsCents: 50000,
  incomes: [{ memberId: 'a', code: 'salary', amountCents: 30000, earned: true }],
};
/** The same adult with 3 000 € of income: nothing is due. */
const incomeSuffices: CalculationInput = {
  ...needsSupport,
  incomes: [{ memberId: 'a', code: 'salary', amountCents: 300000, earned: true }],
};

async function userId(username: string) {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return u!.id;
}

async function task(caseId: string, elementId: string) {
  return eventually(
    async () =>
      (await engine.searchUserTasks({ businessKey: caseId, elementId, state: 'CREATED' }))[0],
  );
}

/** Drafted by one caseworker, approved by a decision maker; the finished instance's variables. */
async function decide(
  outcome: 'granted' | 'partly_granted' | 'rejected',
  reasons: string,
  calculationInput: CalculationInput,
) {
  const caseId = await insertCase(t, {
    caseNumber: `TOTU-2026-7${Math.floor(Math.random() * 1e5)}`,
    applicationData: { iban: 'FI21 1234 5600 0007 85' },
  });
  const { processInstanceKey: key } = await engine.startInstance({
    bpmnProcessId: 'decision',
    businessKey: caseId,
    variables: {
      caseId,
      unitGroup: 'unit:AIK-POHJOINEN',
      decisionMakerGroup: 'decision-makers:AIK-POHJOINEN',
      decisionDueAt: '2026-12-04T16:00:00+02:00',
      calculationInput,
    },
  });
  const draft = await task(caseId, 'draft-decision');
  await engine.completeUserTask(draft.userTaskKey, {
    outcome,
    reasons,
    proposedBy: await userId('ohjaaja'),
  });
  const approval = await task(caseId, 'approve-decision');
  await engine.completeUserTask(approval.userTaskKey, {
    approved: true,
    approvedBy: await userId('paattaja'),
  });
  await eventually(async () =>
    (await engine.getInstance(key)).state === 'COMPLETED' ? true : undefined,
  );
  const vars = await engine.getVariables(key);
  const [doc] = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
  expect(doc).toMatchObject({ id: vars.decisionId, type: 'decision', signatureStatus: 'signed' });
  const pdf = await originalBytes(t, doc!.id);
  expect(await pdfsig(pdf)).toContain('Signature is Valid');
  const payments = await t.db
    .select()
    .from(paymentInstructions)
    .where(eq(paymentInstructions.caseId, caseId));
  const history = await engine.getHistory(key);
  return {
    vars,
    text: flatten(await pdftotext(pdf)),
    payments,
    paymentStep: history.some((h) => h.elementId === 'record-payment'),
  };
}

describe('decision outcomes', () => {
  const due = calculateSupport(needsSupport).supportCents;

  it('granted: the decision grants the calculated amount, and a payment instruction is recorded', async () => {
    expect(due).toBeGreaterThan(0);
    const { vars, text, payments, paymentStep } = await decide(
      'granted',
      'Menot ylittävät tulot.',
      needsSupport,
    );
    expect(vars).toMatchObject({ outcome: 'granted', supportCents: due });
    expect(text).toContain('PÄÄTÖS');
    expect(text).toContain('Päätös täydentävästä toimeentulotuesta');
    expect(text).toContain('Täydentävää toimeentulotukea myönnetään.');
    expect(text).toContain(`Tuki kuukaudelle: ${formatMoney(due, 'fi')}.`);
    expect(text).toContain('Menot ylittävät tulot.');
    expect(text).toContain('Laskelma');
    expect(text).toContain('Oikaisuvaatimusohje');
    expect(paymentStep).toBe(true);
    expect(payments).toEqual([
      expect.objectContaining({
        decisionDocumentId: vars.decisionId,
        iban: 'FI2112345600000785',
        amountCents: due,
        periodStart: '2026-12-01',
        periodEnd: '2026-12-31',
      }),
    ]);
  });

  it('partly granted: the decision says so, and the granted amount goes to payment', async () => {
    const { vars, text, payments } = await decide(
      'partly_granted',
      'Sähkölaskua ei hyväksytä menoksi.',
      needsSupport,
    );
    expect(vars).toMatchObject({ outcome: 'partly_granted' });
    expect(text).toContain('Täydentävää toimeentulotukea myönnetään osittain.');
    expect(text).toContain(`Tuki kuukaudelle: ${formatMoney(due, 'fi')}.`);
    expect(text).toContain('Sähkölaskua ei hyväksytä menoksi.');
    expect(text).not.toContain('Hakemus hylätään.');
    expect(payments).toEqual([
      expect.objectContaining({ decisionDocumentId: vars.decisionId, amountCents: due }),
    ]);
  });

  it('rejected: the decision rejects the application without an amount, and no payment instruction is made', async () => {
    const { vars, text, payments, paymentStep } = await decide(
      'rejected',
      'Tulot riittävät menoihin.',
      incomeSuffices,
    );
    expect(vars).toMatchObject({ outcome: 'rejected', supportCents: 0 });
    expect(text).toContain('Hakemus hylätään.');
    expect(text).toContain('Tulot riittävät menoihin.');
    expect(text).not.toContain('Tuki kuukaudelle');
    expect(text).not.toMatch(/myönnetään/);
    expect(paymentStep).toBe(false);
    expect(payments).toEqual([]);
  });
});
