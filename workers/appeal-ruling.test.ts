// The appeal path on the real runtime with its real workers: registration, the signed ruling
// (original stands or a new decision) and its notification through the notification path.
import { eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '@/db/documents-schema';
import { deliveries } from '@/db/paths-schema';
import { clients } from '@/db/schema';
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
    expect(text).not.toMatch(/määräajan jälkeen|Oikaisuvaatimusaika päättyi/);
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

/** Runs `fn` with APPEAL_LATE_POLICY set (unset for undefined), restoring it afterwards. */
async function withPolicy<T>(policy: string | undefined, fn: () => Promise<T>): Promise<T> {
  const before = process.env.APPEAL_LATE_POLICY;
  if (policy === undefined) delete process.env.APPEAL_LATE_POLICY;
  else process.env.APPEAL_LATE_POLICY = policy;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.APPEAL_LATE_POLICY;
    else process.env.APPEAL_LATE_POLICY = before;
  }
}

/** A request received on `receivedOn` against the deadline of 23.12.2026; the instance key. */
async function appealReceived(receivedOn: string, clientId?: string) {
  const caseId = await insertCase(t, {
    caseNumber: `TOTU-2026-8${Math.floor(Math.random() * 1e5)}`,
    applicationData: { electronicDeliveryConsent: true },
    ...(clientId ? { clientId } : {}),
  });
  const started = await engine.startInstance({
    bpmnProcessId: 'appeal',
    businessKey: caseId,
    variables: {
      caseId,
      appealDeadline: '2026-12-23',
      appealReceivedOn: receivedOn,
      unitGroup: 'unit:AIK-POHJOINEN',
      decisionMakerGroup: 'decision-makers:AIK-POHJOINEN',
    },
  });
  return { caseId, key: started.processInstanceKey };
}

async function preparationTask(caseId: string) {
  return eventually(
    async () =>
      (
        await engine.searchUserTasks({
          businessKey: caseId,
          elementId: 'prepare-ruling',
          state: 'CREATED',
        })
      )[0],
  );
}

async function rulingText(caseId: string) {
  const [doc] = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
  const pdf = await originalBytes(t, doc!.id);
  expect(await pdfsig(pdf)).toContain('Signature is Valid');
  return { doc: doc!, text: flatten(await pdftotext(pdf)) };
}

describe('late requests for reconsideration, handled as configured (APPEAL_LATE_POLICY)', () => {
  it('examine (the default): a late request is prepared and ruled on like any other, and the ruling states the lateness', async () => {
    const { caseId, key, prepare } = await withPolicy(undefined, async () => {
      const started = await appealReceived('2026-12-28');
      return { ...started, prepare: await preparationTask(started.caseId) };
    });
    expect(prepare.variables).toMatchObject({ appealLate: true, appealLatePolicy: 'examine' });
    await engine.completeUserTask(prepare.userTaskKey, { preparationSummary: 'Myöhässä.' });
    const rule = await eventually(
      async () =>
        (
          await engine.searchUserTasks({
            businessKey: caseId,
            elementId: 'rule-on-appeal',
            state: 'CREATED',
          })
        )[0],
    );
    await engine.completeUserTask(rule.userTaskKey, {
      appealOutcome: 'dismissed',
      rulingReasons: 'Päätös on lainmukainen.',
    });
    const vars = await completedVariables(key);
    expect(vars).toMatchObject({ appealLate: true, newDecisionGiven: false });
    const { text } = await rulingText(caseId);
    expect(text).toContain('Oikaisuvaatimus on saapunut 28.12.2026.');
    expect(text).toContain(
      'Oikaisuvaatimusaika päättyi 23.12.2026, ja vaatimus saapui sen jälkeen. Vaatimus on kuitenkin tutkittu.',
    );
    expect(text).toContain('Oikaisuvaatimus hylätään. Alkuperäinen päätös pysyy voimassa.');
    expect(text).toContain('Päätös on lainmukainen.');
  });

  it('dismiss: a timely request is still prepared and ruled on by a person', async () => {
    const { caseId, prepare } = await withPolicy('dismiss', async () => {
      const started = await appealReceived('2026-12-23');
      return { ...started, prepare: await preparationTask(started.caseId) };
    });
    expect(prepare.variables).toMatchObject({ appealLate: false, appealLatePolicy: 'dismiss' });
    expect(await t.db.select().from(documents).where(eq(documents.caseId, caseId))).toHaveLength(0);
  });

  it('dismiss: a late request is not examined — no preparation task; a signed ruling of dismissal without examination is notified', async () => {
    const { caseId, key } = await withPolicy('dismiss', async () => {
      const started = await appealReceived('2026-12-29');
      // The job runs under the policy; wait for the end inside it.
      await completedVariables(started.key);
      return started;
    });
    const vars = await engine.getVariables(key);
    expect(vars).toMatchObject({
      appealLate: true,
      appealLatePolicy: 'dismiss',
      appealOutcome: 'not_examined',
      newDecisionGiven: false,
      rulingNotifiedOn: '2026-12-13',
    });
    const history = await engine.getHistory(key);
    expect(history.some((h) => h.elementId === 'prepare-ruling')).toBe(false);
    expect(history.some((h) => h.elementId === 'rule-on-appeal')).toBe(false);
    expect(history.some((h) => h.elementId === 'create-late-dismissal')).toBe(true);

    const { doc, text } = await rulingText(caseId);
    expect(doc).toMatchObject({ id: vars.rulingDocumentId, type: 'appeal' });
    expect(text).toContain('Oikaisuvaatimus on saapunut 29.12.2026.');
    expect(text).toContain('Oikaisuvaatimus on saapunut määräajan jälkeen.');
    expect(text).toContain(
      'Oikaisuvaatimus jätetään tutkimatta. Alkuperäinen päätös pysyy voimassa.',
    );
    expect(text).toContain(
      'Määräaika päättyi 23.12.2026, ja oikaisuvaatimus saapui 29.12.2026. Määräajan jälkeen saapunutta oikaisuvaatimusta ei tutkita.',
    );
    expect(text).toContain('Hallintolaki (434/2003) 49 c § ja 49 g §.');
    expect(text).toContain('Automaattinen ratkaisu (hallintolaki 53 e §)');
    expect(text).toContain('valittamalla hallinto-oikeuteen');
    expect(text).not.toContain('kuitenkin tutkittu');
    const [delivery] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.documentId, doc.id));
    expect(delivery).toMatchObject({ channel: 'electronic', deemedNotifiedOn: '2026-12-13' });
  });

  it.each([
    [
      'sv',
      'Begäran om omprövning avvisas. Det ursprungliga beslutet står fast.',
      'Tidsfristen gick ut 23.12.2026 och begäran kom in 30.12.2026.',
      'Förvaltningslagen (434/2003) 49 c § och 49 g §.',
    ],
    [
      'en',
      'not examined',
      'The period ended on 23/12/2026, and the request arrived on 30/12/2026.',
      'Administrative Procedure Act (434/2003), sections 49 c and 49 g.',
    ],
  ] as const)(
    'dismiss: the ruling of a late request is in the client’s language (%s)',
    async (locale, outcome, reasons, legalBasis) => {
      const [client] = await t.db
        .select()
        .from(clients)
        .where(ne(clients.preferredLocale, 'fi'))
        .limit(1);
      const [other] = client ? [client] : await t.db.select().from(clients).limit(1).offset(5);
      await t.db.update(clients).set({ preferredLocale: locale }).where(eq(clients.id, other!.id));
      const { caseId } = await withPolicy('dismiss', async () => {
        const started = await appealReceived('2026-12-30', other!.id);
        await completedVariables(started.key);
        return started;
      });
      const { text } = await rulingText(caseId);
      expect(text).toContain(outcome);
      expect(text).toContain(reasons);
      expect(text).toContain(legalBasis);
    },
  );

  it('an unknown policy stops the registration as an incident that names the setting', async () => {
    const { key } = await withPolicy('ignore', async () => {
      const started = await appealReceived('2026-12-28');
      await eventually(
        async () => (await engine.listIncidents({ processInstanceKey: started.key }))[0],
      );
      return started;
    });
    const [incident] = await engine.listIncidents({ processInstanceKey: key });
    expect(incident!.message).toMatch(/APPEAL_LATE_POLICY must be one of examine, dismiss/);
  });
});
