// The citizen's online application on the real runtime and workers: validation, the draft
// (prefill, save, resume, isolation), uploads (own client only, the store's refusals), submit
// (the application process, attachments, the PDF copy, one case for two submissions).
import { and, desc, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationDrafts } from '@/db/apply-schema';
import { documents } from '@/db/documents-schema';
import { auditLog, cases, clients, users } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { assertCitizenMayOpen } from '@/modules/citizen/own-documents';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { pdftotext } from '@/modules/documents/pdf/test-helpers';
import { FileRejectedError } from '@/modules/documents/sniff';
import { pdf, zip } from '@/modules/documents/test-files';
import { makeIdentityCode } from '@/modules/clients/identity-code';
import { AppError } from '@/modules/errors';
import { LOCALES, messages } from '@/modules/i18n';
import type { TestDatabase } from '@/test/db';
import { originalBytes, setupDocuments } from '@/test/documents-kit';
import { eventually, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from '@/workers';
import {
  emptyDraft,
  validateApplication,
  type DraftData,
  type ErrorCode,
} from './application-form';
import { applicationCopyId } from './application-copy';
import { loadOwnDraft, saveOwnDraft } from './own-application-draft';
import { storeCitizenUpload } from './store-citizen-upload';
import { ApplicationInvalidError, submitOwnApplication } from './submit-own-application';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;
let citizen: LoadedActor;
let other: LoadedActor;

beforeAll(async () => {
  const signing = await setupDocuments('apply');
  kit = await setupProcessKit({
    handlers: (db) => jobHandlers(db.db, undefined, { signing: async () => signing }),
  });
  ({ t, engine } = kit);
  const [demo] = await t.db.select().from(users).where(eq(users.username, 'asiakas'));
  citizen = (await loadActor(t.db, demo!.id))!;
  const [otherClient] = await t.db
    .select()
    .from(clients)
    .where(and(ne(clients.id, demo!.clientId!), eq(clients.householdRole, 'applicant')))
    .limit(1);
  const [u] = await t.db
    .insert(users)
    .values({
      username: 'toinen',
      displayName: 'Toinen',
      roles: ['citizen'],
      clientId: otherClient!.id,
    })
    .returning();
  other = (await loadActor(t.db, u!.id))!;
  // an earlier application with an account number, for the prefill
  await t.db.insert(cases).values({
    organisationId: (await t.db.query.organisations.findFirst())!.id,
    clientId: citizen.clientId!,
    supportType: 'supplementary',
    channel: 'paper',
    receivedOn: '2026-01-05',
    status: 'closed',
    applicationData: { iban: 'FI2112345600000785' },
  });
}, 120_000);
afterAll(async () => {
  await kit.close();
});

/** A complete, valid application on top of the register prefill. */
function filled(base: DraftData): DraftData {
  const d = structuredClone(base);
  d.applicant.email = 'aino@example.fi';
  d.housing = { housingType: 'rental', housingCosts: '520,50', livingSince: '2024-03-01' };
  d.incomes.rows = [{ kind: 'salary', amount: '1 200', description: '' }];
  d.expenses.rows = [{ kind: 'electricity', amount: '45,20', description: 'Helen' }];
  d.support = { supportType: 'supplementary', urgent: false, description: 'Silmälasit' };
  d.bank = { iban: 'FI21 1234 5600 0007 85', electronicDeliveryConsent: true };
  return d;
}

const codes = (data: DraftData, step: Parameters<typeof validateApplication>[1]) =>
  validateApplication(data, step, '2026-11-25').errors.map((e) => `${e.field}:${e.code}`);

describe('validation', () => {
  it('each field kind is checked on the server with a code that has a text in fi, sv and en', () => {
    const own = makeIdentityCode('1990-01-01', '-', 123);
    const d = emptyDraft();
    d.applicant = {
      firstNames: 'Aino',
      lastName: 'Asiakas',
      identityCode: own,
      streetAddress: 'Katu 1',
      postalCode: '0010',
      municipality: 'Helsinki',
      email: 'aino@',
      phone: 'abc',
    };
    d.household.members = [
      { name: 'Lapsi', identityCode: '010190-123B', relation: 'child' },
      { name: '', identityCode: own, relation: 'cousin' },
    ];
    d.housing = { housingType: '', housingCosts: '12,345', livingSince: '2027-01-01' };
    d.incomes.rows = [{ kind: 'salary', amount: 'abc', description: '' }];
    d.expenses.rows = [{ kind: 'yacht', amount: '-5', description: '' }];
    d.support = { supportType: '', urgent: false, description: 'x'.repeat(4001) };
    d.bank = { iban: 'FI21 1234 5600 0007 86', electronicDeliveryConsent: false };
    const found = codes(d, undefined);
    expect(found).toEqual(
      expect.arrayContaining([
        'applicant.postalCode:postalCode',
        'applicant.email:email',
        'applicant.phone:phone',
        'household.members.0.identityCode:identityCode',
        'household.members.1.name:required',
        'household.members.1.identityCode:ownIdentityCode',
        'household.members.1.relation:option',
        'housing.housingType:required',
        'housing.housingCosts:money',
        'housing.livingSince:dateFuture',
        'incomes.rows.0.amount:money',
        'expenses.rows.0.kind:option',
        'expenses.rows.0.amount:money',
        'support.supportType:required',
        'support.description:tooLong',
        'bank.iban:iban',
      ]),
    );
    d.housing.livingSince = '2026-02-30';
    expect(codes(d, ['housing'])).toContain('housing.livingSince:date');
    expect(codes(d, ['housing'])).not.toContain('applicant.email:email');
    const all: ErrorCode[] = [
      'required',
      'email',
      'phone',
      'postalCode',
      'identityCode',
      'ownIdentityCode',
      'money',
      'date',
      'dateFuture',
      'option',
      'iban',
      'tooLong',
      'attachment',
    ];
    for (const locale of LOCALES)
      for (const code of all)
        expect(messages(locale).apply.errors[code], `${locale} ${code}`).toBeTruthy();
  });

  it('a valid application carries money in integer cents and the IBAN in electronic form', () => {
    const d = filled(emptyDraft());
    d.applicant = {
      ...d.applicant,
      firstNames: 'A',
      lastName: 'B',
      identityCode: '010190-123A',
      streetAddress: 'K 1',
      postalCode: '00100',
      municipality: 'H',
    };
    const { errors, application } = validateApplication(d, undefined, '2026-11-25');
    expect(errors).toEqual([]);
    expect(application).toMatchObject({
      housingCostsCents: 52050,
      netIncomeCents: 120000,
      expensesCents: 4520,
      iban: 'FI2112345600000785',
      livingSince: '2024-03-01',
    });
  });
});

describe('the draft', () => {
  it('is prefilled from the register, saved, and resumed where the citizen left off', async () => {
    const fresh = await loadOwnDraft(t.db, citizen);
    expect(fresh.draftId).toBeNull();
    const [client] = await t.db.select().from(clients).where(eq(clients.id, citizen.clientId!));
    expect(fresh.data.applicant.identityCode).toBe(client!.identityCode);
    expect(fresh.data.applicant.lastName).toBe(client!.lastName);
    expect(fresh.data.applicant.streetAddress).not.toBe('');
    expect(fresh.data.bank.iban).toBe('FI2112345600000785');
    const housemates = await t.db
      .select()
      .from(clients)
      .where(and(eq(clients.householdId, client!.householdId!), ne(clients.id, client!.id)));
    expect(fresh.data.household.members.map((m) => m.identityCode).sort()).toEqual(
      housemates.map((m) => m.identityCode).sort(),
    );

    const data = structuredClone(fresh.data);
    data.housing.housingCosts = '600';
    const saved = await saveOwnDraft(t.db, citizen, { draftId: null, data, step: 'housing' });
    const again = await saveOwnDraft(t.db, citizen, { draftId: null, data, step: 'incomes' });
    expect(again.draftId).toBe(saved.draftId); // one open draft per client
    const resumed = await loadOwnDraft(t.db, citizen);
    expect(resumed).toMatchObject({ draftId: saved.draftId, step: 'incomes' });
    expect(resumed.data.housing.housingCosts).toBe('600');
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'application.draft_save'))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(audit).toMatchObject({ clientId: citizen.clientId, actorUserId: citizen.userId });
  });

  it('another citizen can neither save into nor submit the draft, and does not see it', async () => {
    const { draftId } = await loadOwnDraft(t.db, citizen);
    await expect(
      saveOwnDraft(t.db, other, { draftId, data: emptyDraft(), step: 'applicant' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      submitOwnApplication(t.db, engine, other, { draftId: draftId!, locale: 'fi' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await loadOwnDraft(t.db, other)).draftId).toBeNull();
    const [row] = await t.db
      .select()
      .from(applicationDrafts)
      .where(eq(applicationDrafts.id, draftId!));
    expect(row!.data).toMatchObject({ housing: { housingCosts: '600' } });
    const [denied] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.actorUserId, other.userId)))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(denied!.details).toMatchObject({ resource: 'application_draft' });
  });

  it('a staff member has no draft: the e-service is for citizens', async () => {
    const [staff] = await t.db.select().from(users).where(eq(users.username, 'ohjaaja'));
    await expect(loadOwnDraft(t.db, (await loadActor(t.db, staff!.id))!)).rejects.toBeInstanceOf(
      AppError,
    );
  });
});

describe('uploads', () => {
  it("store a document of the citizen's own client, whatever client the request names", async () => {
    const { document } = await storeCitizenUpload(
      t.db,
      configuredObjectStore(),
      citizen,
      { purpose: 'application', title: 'vuokrasopimus.pdf', clientId: other.clientId },
      'fi',
      [await pdf()],
    );
    expect(document).toMatchObject({
      clientId: citizen.clientId,
      caseId: null,
      type: 'attachment',
      sourceChannel: 'eservice',
      createdBy: citizen.userId,
    });
    await assertCitizenMayOpen(t.db, citizen, document.id);
  });

  it('are refused when too large or of a wrong type, and nothing is stored', async () => {
    const before = await t.db.$count(documents);
    await expect(
      storeCitizenUpload(
        t.db,
        configuredObjectStore(),
        citizen,
        { purpose: 'application', title: 'a.pdf' },
        'fi',
        [await pdf()],
        {
          limits: { maxBytes: 100, maxPages: 10, maxPixels: 1_000_000, rasterDpi: 150 },
        },
      ),
    ).rejects.toMatchObject({ code: 'too_large' });
    await expect(
      storeCitizenUpload(
        t.db,
        configuredObjectStore(),
        citizen,
        { purpose: 'application', title: 'a.zip' },
        'fi',
        [zip()],
      ),
    ).rejects.toBeInstanceOf(FileRejectedError);
    // a reply attachment must name one of the citizen's own cases
    const [foreign] = await t.db
      .insert(cases)
      .values({
        organisationId: (await t.db.query.organisations.findFirst())!.id,
        clientId: other.clientId!,
        supportType: 'supplementary',
        channel: 'paper',
        receivedOn: '2026-11-02',
      })
      .returning();
    await expect(
      storeCitizenUpload(
        t.db,
        configuredObjectStore(),
        citizen,
        { purpose: 'information_reply', caseId: foreign!.id, title: 'x.pdf' },
        'fi',
        [await pdf()],
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await t.db.$count(documents)).toBe(before);
    for (const locale of LOCALES) {
      expect(messages(locale).documents.errors.too_large).toBeTruthy();
      expect(messages(locale).documents.errors.unsupported_type).toBeTruthy();
    }
  });
});

describe('submitting', () => {
  it('starts the application process once for two submissions, attaches the uploads and stores a PDF copy', async () => {
    const draft = await loadOwnDraft(t.db, citizen);
    const { document: upload } = await storeCitizenUpload(
      t.db,
      configuredObjectStore(),
      citizen,
      { purpose: 'application', title: 'tiliote.pdf' },
      'sv',
      [await pdf()],
    );
    const data = filled(draft.data);
    data.attachments.files = [{ documentId: upload.id, title: 'tiliote.pdf' }];
    const { draftId } = await saveOwnDraft(t.db, citizen, {
      draftId: draft.draftId,
      data,
      step: 'review',
    });
    const casesBefore = await t.db.$count(cases, eq(cases.clientId, citizen.clientId!));

    const [first, second] = await Promise.all([
      submitOwnApplication(t.db, engine, citizen, { draftId, locale: 'sv' }),
      submitOwnApplication(t.db, engine, citizen, { draftId, locale: 'sv' }),
    ]);
    expect(first.caseId).toBe(second.caseId);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    const replay = await submitOwnApplication(t.db, engine, citizen, { draftId, locale: 'sv' });
    expect(replay).toEqual({ caseId: first.caseId, created: false });
    expect(await t.db.$count(cases, eq(cases.clientId, citizen.clientId!))).toBe(casesBefore + 1);

    const [row] = await t.db.select().from(cases).where(eq(cases.id, first.caseId));
    expect(row).toMatchObject({
      channel: 'eservice',
      supportType: 'supplementary',
      createdBy: citizen.userId,
    });
    expect(row!.applicationData).toMatchObject({
      housingCostsCents: 52050,
      netIncomeCents: 120000,
      iban: 'FI2112345600000785',
      electronicDeliveryConsent: true,
      attachmentDocumentIds: [upload.id],
      household: expect.any(Array),
      incomes: [{ kind: 'salary', amountCents: 120000, description: null }],
    });
    const instances = await engine.listInstances({
      businessKey: first.caseId,
      bpmnProcessId: 'application',
    });
    expect(instances).toHaveLength(1);
    // registration by the worker gives the case number
    const caseNumber = await eventually(async () => {
      const [c] = await t.db.select().from(cases).where(eq(cases.id, first.caseId));
      return c?.caseNumber ?? undefined;
    });
    expect(caseNumber).toMatch(/^TOTU-/);

    const [attached] = await t.db.select().from(documents).where(eq(documents.id, upload.id));
    expect(attached!.caseId).toBe(first.caseId);
    const [copy] = await t.db
      .select()
      .from(documents)
      .where(eq(documents.id, applicationCopyId(first.caseId)));
    expect(copy).toMatchObject({
      caseId: first.caseId,
      type: 'application',
      language: 'sv',
      createdBy: citizen.userId,
    });
    await assertCitizenMayOpen(t.db, citizen, copy!.id);
    const text = await pdftotext(await originalBytes(t, copy!.id));
    expect(text).toContain('Ansökan om utkomststöd');
    expect(text).toContain('520,50');
    expect(text).toContain('FI21 1234 5600 0007 85');
    expect(text).toContain('Hyresbostad');

    // the draft is consumed: a late autosave does not reopen it, and the home page has no draft
    await expect(
      saveOwnDraft(t.db, citizen, { draftId, data, step: 'review' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await loadOwnDraft(t.db, citizen)).draftId).toBeNull();
    const [submitAudit] = await t.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'application.submit'), eq(auditLog.clientId, citizen.clientId!)),
      );
    expect(submitAudit!.details).toMatchObject({
      caseId: first.caseId,
      attachedDocumentIds: [upload.id],
    });
  }, 60_000);

  it("cannot claim another citizen's upload, and an invalid draft changes nothing", async () => {
    const { document: foreign } = await storeCitizenUpload(
      t.db,
      configuredObjectStore(),
      other,
      { purpose: 'application', title: 'toisen.pdf' },
      'fi',
      [await pdf()],
    );
    const draft = await loadOwnDraft(t.db, citizen);
    const data = filled(draft.data);
    data.attachments.files = [{ documentId: foreign.id, title: 'toisen.pdf' }];
    const { draftId } = await saveOwnDraft(t.db, citizen, { draftId: null, data, step: 'review' });
    const before = await t.db.$count(cases);
    const refused = await submitOwnApplication(t.db, engine, citizen, {
      draftId,
      locale: 'fi',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApplicationInvalidError);
    expect((refused as ApplicationInvalidError).errors).toEqual([
      { field: 'attachments.files.0', code: 'attachment' },
    ]);
    data.attachments.files = [];
    data.bank.iban = 'FI00';
    await saveOwnDraft(t.db, citizen, { draftId, data, step: 'review' });
    await expect(
      submitOwnApplication(t.db, engine, citizen, { draftId, locale: 'fi' }),
    ).rejects.toBeInstanceOf(ApplicationInvalidError);
    expect(await t.db.$count(cases)).toBe(before);
    const [still] = await t.db.select().from(documents).where(eq(documents.id, foreign.id));
    expect(still!.caseId).toBeNull();
    const [open] = await t.db
      .select()
      .from(applicationDrafts)
      .where(eq(applicationDrafts.id, draftId));
    expect(open!.submittedAt).toBeNull();
  });

  it('a submission interrupted by a crash is not stuck: the draft finds its case or opens again', async () => {
    const draft = await loadOwnDraft(t.db, citizen);
    const data = filled(draft.data);
    data.attachments.files = [];
    const { draftId } = await saveOwnDraft(t.db, citizen, { draftId: null, data, step: 'review' });
    // the process died after claiming the draft, before any case was made
    await t.db
      .update(applicationDrafts)
      .set({ submittedAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(applicationDrafts.id, draftId));
    await expect(
      submitOwnApplication(t.db, engine, citizen, { draftId, locale: 'fi' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const [reopened] = await t.db
      .select()
      .from(applicationDrafts)
      .where(eq(applicationDrafts.id, draftId));
    expect(reopened!.submittedAt).toBeNull();
    const sent = await submitOwnApplication(t.db, engine, citizen, { draftId, locale: 'fi' });
    expect(sent.created).toBe(true);

    // the process died after the case was made, before the draft learned of it
    await t.db
      .update(applicationDrafts)
      .set({ caseId: null })
      .where(eq(applicationDrafts.id, draftId));
    const again = await submitOwnApplication(t.db, engine, citizen, { draftId, locale: 'fi' });
    expect(again).toEqual({ caseId: sent.caseId, created: false });
  }, 60_000);
});
