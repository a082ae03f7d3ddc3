import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, documentVersions } from '@/db/documents-schema';
import { cases, clients } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { calculateSupport } from '@/modules/calculation/calculate-support';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import {
  createDemoP12,
  loadSigningCredentials,
  type SigningCredentials,
} from '@/modules/documents/pdf';
import { pdfsig, pdftotext } from '@/modules/documents/pdf/test-helpers';
import { registerApplication } from '@/modules/cases/register-application';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { insertCase } from '@/test/process-kit';
import { createDecisionDocument } from './create-decision-document';

let t: TestDatabase;
let signing: SigningCredentials;
let caseId: string;

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'sos-decisions-'));
  t = await createTestDatabase();
  await seedDemoData(t.db);
  const p12 = await createDemoP12(
    { commonName: 'Päätösten allekirjoitus (testi)', organization: 'Hämeenlinnan kaupunki' },
    'salasana',
  );
  signing = await loadSigningCredentials(p12, 'salasana');
  const [client] = await t.db
    .select()
    .from(clients)
    .where(eq(clients.preferredLocale, 'fi'))
    .limit(1);
  caseId = await insertCase(t, { clientId: client!.id });
  await registerApplication(t.db, caseId);
});
afterAll(async () => {
  await t.close();
});

describe('decision document', () => {
  it('is generated in the client language with the calculation, signed (pdfsig: valid) and stored once', async () => {
    const calculation = calculateSupport({
      month: '2026-12-01',
      members: [{ id: 'a', name: 'A', type: 'single' }],
      housingCostsCents: 52000,
      incomes: [{ memberId: 'a', code: 'salary', amountCents: 40000, earned: true }],
    });
    const input = {
      caseId,
      idempotencyKey: 'instance-1',
      outcome: 'granted' as const,
      reasons: 'Hakijan menot ylittävät tulot; vuokra hyväksytään kohtuullisena.',
      calculation,
      decidedBy: 'Päivi Päättäjä',
    };
    const first = await createDecisionDocument(t.db, input, signing);
    const again = await createDecisionDocument(t.db, input, signing);
    expect(first.created).toBe(true);
    expect(again).toEqual({ documentId: first.documentId, created: false });

    const [doc] = await t.db.select().from(documents).where(eq(documents.caseId, caseId));
    expect(doc).toMatchObject({
      type: 'decision',
      signatureStatus: 'signed',
      sourceChannel: 'generated',
      language: 'fi',
    });
    const [version] = await t.db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, first.documentId));
    const chunks: Buffer[] = [];
    for await (const chunk of await configuredObjectStore().get(version!.storageKey))
      chunks.push(Buffer.from(chunk as Uint8Array));
    const pdf = new Uint8Array(Buffer.concat(chunks));

    expect(await pdfsig(pdf)).toContain('Signature is Valid');
    const text = await pdftotext(pdf);
    expect(text).toContain('Päätös täydentävästä toimeentulotuesta');
    expect(text).toContain('Perusosa');
    expect(text).toContain('Oikaisuvaatimusohje');
    expect(text.replace(/\s/g, ' ')).toContain(
      `${(calculation.supportCents / 100).toFixed(2).replace('.', ',')} €`,
    );
    expect((await t.db.select().from(cases).where(eq(cases.id, caseId)))[0]!.status).toBe(
      'decided',
    );
  });
});
