import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '@/db/documents-schema';
import { cases, clients, units, users } from '@/db/schema';
import { scanBatches, scanFiles, scanLinkProposals } from '@/db/scans-schema';
import type { EmbeddedEngine } from '@/engine';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { TaskFormInvalid } from '@/modules/task-forms/task-form-invalid';
import type { TestDatabase } from '@/test/db';
import { eventually, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { registerApplicationHandler } from '@/workers/application-register';
import { listIntakeScans } from './list-intake-scans';
import { registerPaperApplication } from './register-paper-application';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;

beforeAll(async () => {
  kit = await setupProcessKit({ handlers: (db) => [registerApplicationHandler(db.db)] });
  ({ t, engine } = kit);
});
afterAll(async () => {
  await kit.close();
});

async function actor(username: string): Promise<LoadedActor> {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

/** A scanned page confirmed as this client's document (what /staff/scans leaves behind). */
async function confirmedScan(unitCode: string, text: string) {
  const [unit] = await t.db.select().from(units).where(eq(units.code, unitCode));
  const [client] = await t.db
    .select()
    .from(clients)
    .where(eq(clients.responsibleUnitId, unit!.id))
    .limit(1);
  const [batch] = await t.db
    .insert(scanBatches)
    .values({ unitId: unit!.id, status: 'done' })
    .returning();
  const [file] = await t.db
    .insert(scanFiles)
    .values({
      batchId: batch!.id,
      position: 1,
      fileName: 'hakemus.pdf',
      storageKey: 'x',
      sha256: 'x',
      size: 1,
      mediaType: 'application/pdf',
      pageCount: 1,
      status: 'done',
      text,
    })
    .returning();
  const [doc] = await t.db
    .insert(documents)
    .values({
      clientId: client!.id,
      type: 'attachment',
      title: 'hakemus.pdf',
      language: 'fi',
      sourceChannel: 'scan',
      contentText: text,
    })
    .returning();
  await t.db.insert(scanLinkProposals).values({
    fileId: file!.id,
    clientId: client!.id,
    identityCode: client!.identityCode,
    status: 'confirmed',
    documentId: doc!.id,
  });
  return { client: client!, documentId: doc!.id };
}

const facts = { supportType: 'supplementary', receivedOn: '2026-11-20', housingCosts: '540' };

describe('paper applications from confirmed scans', () => {
  it('lists only the unit’s free scans with their OCR text, and starts the application process with them', async () => {
    const worker = await actor('ohjaaja');
    const north = await confirmedScan('AIK-POHJOINEN', 'HAKEMUS täydentävä toimeentulotuki');
    const east = await confirmedScan('AIK-ITA', 'ANSÖKAN utkomststöd');
    const listed = await listIntakeScans(t.db, worker);
    expect(listed.map((s) => s.documentId)).toEqual([north.documentId]);
    expect(listed[0]).toMatchObject({ text: 'HAKEMUS täydentävä toimeentulotuki' });
    expect(listed[0]!.maskedIdentityCode).toMatch(/\*{4}$/);

    // Nothing picked, a date in the future, a bad amount: refused, nothing written.
    const error = await registerPaperApplication(t.db, engine, worker, {
      ...facts,
      receivedOn: '2999-01-01',
      housingCosts: '5,555',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFormInvalid);
    expect((error as TaskFormInvalid).problems.map((p) => `${p.key}:${p.code}`)).toEqual([
      'documentIds:required',
      'receivedOn:max',
      'housingCosts:number',
    ]);
    // Another unit's scan cannot be taken, not even mixed with one's own.
    await expect(
      registerPaperApplication(t.db, engine, worker, {
        ...facts,
        documentIds: [north.documentId, east.documentId],
      }),
    ).rejects.toBeInstanceOf(TaskFormInvalid);
    await expect(
      registerPaperApplication(t.db, engine, worker, { ...facts, documentIds: [east.documentId] }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    const { caseId } = await registerPaperApplication(t.db, engine, worker, {
      ...facts,
      documentIds: [north.documentId],
    });
    const [row] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({
      channel: 'paper',
      clientId: north.client.id,
      receivedOn: '2026-11-20',
      applicationData: { housingCostsCents: 54000, scannedDocumentIds: [north.documentId] },
    });
    const [doc] = await t.db.select().from(documents).where(eq(documents.id, north.documentId));
    expect(doc).toMatchObject({ caseId, type: 'application' });
    expect(await listIntakeScans(t.db, worker)).toEqual([]);
    // Registered by the same worker as every application: case number and completeness check.
    await eventually(
      async () =>
        (
          await engine.searchUserTasks({
            businessKey: caseId,
            elementId: 'completeness-check',
            state: 'CREATED',
          })
        )[0],
    );
  });
});
