// The appeal path on the real runtime with its real workers: registration, the signed ruling
// (original stands or a new decision) and its notification through the notification path.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '@/db/documents-schema';
import { deliveries } from '@/db/paths-schema';
import type { EmbeddedEngine } from '@/engine';
import { flatten, pdfsig, pdftotext } from '@/modules/documents/pdf/test-helpers';
import type { TestDatabase } from '@/test/db';
import { originalBytes, setupDocuments } from '@/test/documents-kit';
import { eventually, insertCase, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from './index';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  const signing = await setupDocuments('appeal');
  kit = await setupProcessKit({
    handlers: (db) =>
      jobHandlers(db.db, undefined, {
        now: () => new Date('2026-12-10T10:00:00+02:00'),
        signing: async () => signing,
      }),
  });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

async function appealRuled(ruling: Record<string, unknown>, consent = true) {
  const caseId = await insertCase(t, {
    caseNumber: `TOTU-2026-9${Math.floor(Math.random() * 1e5)}`,
    applicationData: { electronicDeliveryConsent: consent },
  });
  const started = await engine.startInstance({
    bpmnProcessId: 'appeal',
    businessKey: caseId,
    variables: {
      caseId,
      appealDeadline: '2026-12-23',
      appealReceivedOn: '2026-12-08',
      unitGroup: 'unit:AIK-POHJOINEN',
      decisionMakerGroup: 'decision-makers:AIK-POHJOINEN',
    },
  });
  const key = started.processInstanceKey;
  for (const [elementId, variables] of [
    ['prepare-ruling', { preparationSummary: 'Vuokra on kohtuullinen.' }],
    ['rule-on-appeal', ruling],
  ] as const) {
    const task = await eventually(
      async () =>
        (await engine.searchUserTasks({ businessKey: caseId, elementId, state: 'CREATED' }))[0],
    );
    await engine.completeUserTask(task.userTaskKey, variables);
  }
  return { caseId, key };
}

async function completedVariables(key: string) {
  await eventually(async () =>
    (await engine.getInstance(key)).state === 'COMPLETED' ? true : undefined,
  );
  return engine.getVariables(key);
}

describe('appeal path', () => {
  it('the original decision stands: a signed ruling with the administrative-court instructions, notified electronically', async () => {
    const { caseId, key } = await appealRuled({
      appealOutcome: 'dismissed',
      rulingReasons: 'Päätös on tehty lain mukaisesti.',
    });
    const vars = await completedVariables(key);
    expect(vars).toMatchObject({
      appealLate: false,
      newDecisionGiven: false,
      rulingNotifiedOn: '2026-12-13',
    });
    const [doc] = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
    expect(doc).toMatchObject({
      id: vars.rulingDocumentId,
      type: 'appeal',
      signatureStatus: 'signed',
    });
    const pdf = await originalBytes(t, doc!.id);
    expect(await pdfsig(pdf)).toContain('Signature is Valid');
    const text = flatten(await pdftotext(pdf));
    expect(text).toContain('Päätös oikaisuvaatimukseen');
    expect(text).toContain('Oikaisuvaatimus on saapunut 8.12.2026.');
    expect(text).toContain('Alkuperäinen päätös pysyy voimassa.');
    expect(text).not.toContain('Uusi päätös');
    expect(text).toContain('valittamalla hallinto-oikeuteen');
    expect(text).toContain('30 päivän kuluessa');
    const [delivery] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.documentId, doc!.id));
    expect(delivery).toMatchObject({ channel: 'electronic', deemedNotifiedOn: '2026-12-13' });
  });

  it('accepted: the ruling is a new decision, signed and delivered by post', async () => {
    const { caseId, key } = await appealRuled(
      {
        appealOutcome: 'accepted',
        rulingReasons: 'Vuokra hyväksytään kokonaan.',
        newDecision: 'Täydentävää toimeentulotukea myönnetään 120,00 € joulukuulle 2026.',
      },
      false,
    );
    const vars = await completedVariables(key);
    expect(vars).toMatchObject({ newDecisionGiven: true, rulingNotifiedOn: '2026-12-17' });
    const [doc] = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
    const pdf = await originalBytes(t, doc!.id);
    expect(await pdfsig(pdf)).toContain('Signature is Valid');
    const text = flatten(await pdftotext(pdf));
    expect(text).toContain('Oikaisuvaatimus hyväksytään.');
    expect(text).toContain('Uusi päätös');
    expect(text).toContain('120,00 € joulukuulle 2026');
    const [delivery] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.documentId, doc!.id));
    expect(delivery!.channel).toBe('post');
  });

  it('an accepting ruling without the new decision stops as an incident and makes no document', async () => {
    const { caseId, key } = await appealRuled({
      appealOutcome: 'partly_accepted',
      rulingReasons: 'Osittain.',
    });
    const incident = await eventually(
      async () => (await engine.listIncidents({ processInstanceKey: key }))[0],
    );
    expect(incident.message).toMatch(/new decision/);
    expect(await t.db.select().from(documents).where(eq(documents.caseId, caseId))).toHaveLength(0);
  });
});
