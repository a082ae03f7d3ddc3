import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientContacts } from '@/db/casework-schema';
import { documents } from '@/db/documents-schema';
import { auditLog, cases, clients, units, users } from '@/db/schema';
import { decisionDrafts } from '@/db/task-forms-schema';
import type { EmbeddedEngine, UserTask } from '@/engine';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { recordInformationReply } from '@/modules/cases/information-request';
import { LEGAL_BASIS_TEXTS } from '@/modules/decisions/legal-basis-templates';
import { flatten, pdftotext } from '@/modules/documents/pdf/test-helpers';
import { messages } from '@/modules/i18n';
import { recordOralApplication } from '@/modules/intake/record-oral-application';
import { renderInformationRequestPreview } from '@/modules/letters/create-information-request-letter';
import type { TestDatabase } from '@/test/db';
import { setupDocuments } from '@/test/documents-kit';
import { eventually, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from '@/workers';
import { memberTypes } from './default-calculation-input';
import { loadTaskPage } from './load-task-page';
import { reviewDecisionProposal } from './review-decision-proposal';
import { submitCompletenessCheck } from './submit-completeness-check';
import { submitDecisionProposal } from './submit-decision-proposal';
import { readInformationRequest, submitInformationRequest } from './submit-information-request';
import { TaskFormInvalid } from './task-form-invalid';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  const signing = await setupDocuments('task-screens');
  kit = await setupProcessKit({
    handlers: (db) => jobHandlers(db.db, undefined, { signing: async () => signing }),
  });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

async function actor(username: string): Promise<LoadedActor> {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

function openTask(caseId: string, elementId: string): Promise<UserTask> {
  return eventually(
    async () =>
      (await engine.searchUserTasks({ businessKey: caseId, elementId, state: 'CREATED' }))[0],
    30_000,
  );
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaskFormInvalid);
  return (error as TaskFormInvalid).problems;
}

async function lastAudit(action: string) {
  const [row] = await t.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row;
}

const oral = (identityCode: string) => ({
  identityCode,
  contactChannel: 'phone',
  oralAccount: 'Asiakas kertoi, että vuokra on maksamatta ja tilillä ei ole rahaa.',
  supportType: 'supplementary',
  housingCosts: '650,00',
  netIncome: '300',
});

describe('task screens and intake against the real application process', () => {
  it('member types follow age: a lone adult with children is a single parent', () => {
    const types = memberTypes(
      [
        { id: 'mum', firstNames: 'A', lastName: 'A', birthDate: '1990-05-01' },
        { id: 'teen', firstNames: 'B', lastName: 'A', birthDate: '2009-11-01' },
        { id: 'kid', firstNames: 'C', lastName: 'A', birthDate: '2018-01-01' },
      ],
      '2026-12-01',
    );
    expect(Object.fromEntries(types)).toEqual({
      mum: 'single_parent',
      teen: 'child_17',
      kid: 'child_under_10',
    });
  });

  it('an oral application is refused with field codes for bad input, and for another unit', async () => {
    const worker = await actor('ohjaaja');
    const before = (await t.db.select({ n: count() }).from(cases))[0]!.n;
    expect(await refusal(recordOralApplication(t.db, engine, worker, oral('010190-123X')))).toEqual(
      [{ key: 'identityCode', code: 'pattern' }],
    );
    expect(
      await refusal(
        recordOralApplication(t.db, engine, worker, {
          ...oral(''),
          oralAccount: '',
          housingCosts: '12,345',
          iban: 'FI00 1234',
        }),
      ),
    ).toEqual([
      { key: 'identityCode', code: 'required' },
      { key: 'oralAccount', code: 'required' },
      { key: 'housingCosts', code: 'number' },
      { key: 'iban', code: 'pattern' },
    ]);
    const [north] = await t.db
      .select({ identityCode: clients.identityCode, id: clients.id })
      .from(clients)
      .innerJoin(units, eq(units.id, clients.responsibleUnitId))
      .where(eq(units.code, 'AIK-POHJOINEN'))
      .limit(1);
    await expect(
      recordOralApplication(t.db, engine, await actor('ohjaaja2'), oral(north!.identityCode)),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await lastAudit('access.denied')).toMatchObject({
      clientId: north!.id,
      details: { resource: 'client', reason: 'other_unit' },
    });
    expect((await t.db.select({ n: count() }).from(cases))[0]!.n).toBe(before);
  });

  it('oral intake → completeness check → information request → reply → proposal → four eyes → signed decision', async () => {
    const worker = await actor('ohjaaja');
    const lead = await actor('tiiminvetaja');
    const maker = await actor('paattaja');
    const [north] = await t.db
      .select({ identityCode: clients.identityCode, id: clients.id })
      .from(clients)
      .innerJoin(units, eq(units.id, clients.responsibleUnitId))
      .where(eq(units.code, 'AIK-POHJOINEN'))
      .limit(1);

    const { caseId } = await recordOralApplication(t.db, engine, worker, oral(north!.identityCode));
    const [row] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({
      channel: 'oral',
      applicationData: { housingCostsCents: 65000, netIncomeCents: 30000 },
    });
    const contacts = await t.db
      .select()
      .from(clientContacts)
      .where(eq(clientContacts.caseId, caseId));
    expect(contacts).toMatchObject([{ channel: 'phone', direction: 'incoming' }]);

    // Completeness check: "complete" with items missing is refused and changes nothing.
    const check = await openTask(caseId, 'completeness-check');
    const page = await loadTaskPage(t.db, engine, worker, check.userTaskKey);
    expect(page).toMatchObject({ screen: 'completeness_check', client: { id: north!.id } });
    expect(page.client!.maskedIdentityCode).toMatch(/\*{4}$/);
    expect(
      await refusal(
        submitCompletenessCheck(t.db, engine, worker, check.userTaskKey, {
          present: ['applicant_details'],
          verdict: 'complete',
        }),
      ),
    ).toEqual([{ key: 'present', code: 'items_missing' }]);
    expect((await engine.getUserTask(check.userTaskKey)).state).toBe('CREATED');
    await submitCompletenessCheck(t.db, engine, worker, check.userTaskKey, {
      present: ['applicant_details', 'pay_slips', 'kela_decision', 'health_costs'],
      verdict: 'incomplete',
    });

    // The request: bad choices are refused; the preview is the letter, unsigned.
    const choose = await openTask(caseId, 'choose-missing-items');
    // The request is due by the statutory decision deadline.
    expect(choose.dueDate?.getTime()).toBe(
      new Date(String(check.variables.decisionDueAt)).getTime(),
    );
    expect(choose.variables.completenessMissingItems).toEqual([
      'bank_statements',
      'rental_agreement',
    ]);
    expect(() => readInformationRequest({ missingItems: 'other', replyDays: '0' })).toThrow(
      TaskFormInvalid,
    );
    expect(
      await refusal(
        submitInformationRequest(t.db, engine, worker, choose.userTaskKey, {
          missingItems: ['other'],
          replyDays: '61',
        }),
      ),
    ).toEqual([
      { key: 'missingItemsText', code: 'other_needs_text' },
      { key: 'replyDays', code: 'max', limit: 60 },
    ]);
    const [client] = await t.db.select().from(clients).where(eq(clients.id, north!.id));
    const letters = messages(client!.preferredLocale).letters.informationRequest;
    const preview = await renderInformationRequestPreview(t.db, {
      caseId,
      missingItems: ['bank_statements', 'rental_agreement'],
      replyDays: 10,
      sentOn: '2026-11-25',
    });
    const text = flatten(await pdftotext(preview));
    expect(text).toContain(letters.items.bank_statements);
    expect(text).toContain(messages(client!.preferredLocale).taskForms.previewMarker);
    await submitInformationRequest(t.db, engine, worker, choose.userTaskKey, {
      missingItems: ['bank_statements', 'rental_agreement'],
      replyDays: '',
    });
    const vars = await eventually(async () => {
      const [instance] = await engine.listInstances({
        bpmnProcessId: 'additional-information-request',
        businessKey: caseId,
      });
      const v = await engine.getVariables(instance!.processInstanceKey);
      const incidents = await engine.listIncidents({
        processInstanceKey: instance!.processInstanceKey,
      });
      if (incidents.length) throw new Error(incidents.map((i) => i.message).join('; '));
      return v.letterDocumentId ? v : undefined;
    }, 30_000);
    expect(vars).toMatchObject({ replyDays: 7, requestedBy: worker.userId });

    await recordInformationReply(t.db, engine, { caseId, replyId: `reply-${caseId}` });

    // The proposal: support must be due to grant it; the draft keeps the chosen template.
    const draft = await openTask(caseId, 'draft-decision');
    const start = (await loadTaskPage(t.db, engine, lead, draft.userTaskKey)).calculationInput!;
    expect(start).toMatchObject({ housingCostsCents: 65000 });
    const richInput = {
      ...start,
      incomes: [
        { memberId: start.members[0]!.id, code: 'salary', amountCents: 900000, earned: true },
      ],
    };
    expect(
      await refusal(
        submitDecisionProposal(t.db, engine, lead, draft.userTaskKey, {
          outcome: 'granted',
          reasons: 'Tulot eivät riitä.',
          legalBasisTemplate: 'supplementary',
          calculationInput: JSON.stringify(richInput),
        }),
      ),
    ).toEqual([{ key: 'outcome', code: 'no_support' }]);
    expect(
      await refusal(
        submitDecisionProposal(t.db, engine, lead, draft.userTaskKey, {
          outcome: 'maybe',
          legalBasisTemplate: 'none',
          calculationInput: '{"month":"2026-12-01","members":[]}',
        }),
      ),
    ).toEqual([
      { key: 'outcome', code: 'required' },
      { key: 'reasons', code: 'required' },
      { key: 'legalBasisTemplate', code: 'required' },
      { key: 'calculation', code: 'calculation' },
    ]);
    const proposal = await submitDecisionProposal(t.db, engine, lead, draft.userTaskKey, {
      outcome: 'granted',
      reasons: 'Menot ylittävät tulot; vuokra huomioidaan kokonaan.',
      legalBasisTemplate: 'supplementary_housing',
      calculationInput: JSON.stringify(start),
    });
    expect(proposal.calculation.supportCents).toBeGreaterThan(0);
    const [stored] = await t.db
      .select()
      .from(decisionDrafts)
      .where(eq(decisionDrafts.caseId, caseId));
    expect(stored).toMatchObject({
      legalBasisTemplate: 'supplementary_housing',
      proposedBy: lead.userId,
      supportCents: proposal.calculation.supportCents,
    });

    // Four eyes: the proposer (a team lead, also a decision maker) is refused, and it is audited.
    const approval = await openTask(caseId, 'approve-decision');
    expect((await loadTaskPage(t.db, engine, lead, approval.userTaskKey)).actorIsProposer).toBe(
      true,
    );
    await expect(
      reviewDecisionProposal(t.db, engine, lead, approval.userTaskKey, { verdict: 'approve' }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/proposer/) });
    expect(await lastAudit('access.denied')).toMatchObject({
      details: { reason: 'four_eyes', businessKey: caseId },
    });
    expect(
      await refusal(
        reviewDecisionProposal(t.db, engine, maker, approval.userTaskKey, { verdict: 'return' }),
      ),
    ).toEqual([{ key: 'approvalComments', code: 'comments_required' }]);
    expect((await engine.getUserTask(approval.userTaskKey)).state).toBe('CREATED');
    await reviewDecisionProposal(t.db, engine, maker, approval.userTaskKey, {
      verdict: 'approve',
    });

    // The signed decision uses the template the proposer chose.
    const decision = await eventually(async () => {
      const [doc] = await t.db
        .select()
        .from(documents)
        .where(and(eq(documents.caseId, caseId), eq(documents.type, 'decision')));
      return doc;
    }, 30_000);
    expect(decision.contentText).toContain(
      LEGAL_BASIS_TEXTS.supplementary_housing[client!.preferredLocale].text,
    );
  }, 120_000);
});
