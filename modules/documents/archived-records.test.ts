// Archived records are read-only: no uploads to a closed case, no new versions and no metadata
// changes to an archived document, enforced by the module and by the database's triggers;
// the archive's own changes (legal hold, retention, disposal) keep working.
import { readdir } from 'node:fs/promises';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentVersions, documents } from '@/db/documents-schema';
import { cases, organisations } from '@/db/schema';
import { setLegalHold } from '@/modules/archive/set-legal-hold';
import { LOCALES } from '@/modules/i18n/locales';
import {
  assertDocumentWritable,
  isArchivedRecordRefusal,
  readOnlyMessage,
  ReadOnlyRecordError,
} from './archived-records';
import { storeUploadedDocument } from './store-uploaded-document';
import { createDocumentsFixture, textPdf, type DocumentsFixture } from './test-fixtures';

let fx: DocumentsFixture;
beforeAll(async () => {
  fx = await createDocumentsFixture();
});
afterAll(async () => fx?.close());

async function newCase(clientId: string) {
  const [org] = await fx.test.db.select().from(organisations);
  const [row] = await fx.test.db
    .insert(cases)
    .values({
      organisationId: org!.id,
      clientId,
      supportType: 'supplementary',
      channel: 'eservice',
      receivedOn: '2026-11-02',
    })
    .returning({ id: cases.id });
  return row!.id;
}

/** An uploaded document of a case that then closed and was archived (retention set). */
async function archivedDocument() {
  const actor = await fx.actor('ohjaaja');
  const clientId = await fx.clientOf('ohjaaja');
  const caseId = await newCase(clientId);
  const { document } = await storeUploadedDocument(
    fx.test.db,
    fx.store,
    actor,
    { clientId, caseId, type: 'attachment', title: 'Tiliote', language: 'fi' },
    [await textPdf(['Tiliote lokakuu 2026'])],
  );
  await fx.test.db
    .update(cases)
    .set({ status: 'closed', closedAt: new Date('2026-12-01T10:00:00Z') })
    .where(eq(cases.id, caseId));
  await fx.test.db
    .update(documents)
    .set({ retentionClass: 'working_age_adult_services', disposalDate: '2036-12-02' })
    .where(eq(documents.id, document.id));
  return { actor, clientId, caseId, documentId: document.id };
}

async function refusal(query: Promise<unknown>): Promise<unknown> {
  return query.then(
    () => null,
    (error: unknown) => error,
  );
}

async function objectCount(): Promise<number> {
  const entries = await readdir(fx.storeDirectory, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).length;
}

describe('archived records are read-only', () => {
  it('an upload to a closed case is refused before anything is stored, with the reason in fi/sv/en', async () => {
    const { actor, clientId, caseId } = await archivedDocument();
    const objectsBefore = await objectCount();
    const rowsBefore = await fx.test.db.$count(documents);
    const error = await refusal(
      storeUploadedDocument(
        fx.test.db,
        fx.store,
        actor,
        { clientId, caseId, type: 'attachment', title: 'Myöhäinen liite', language: 'fi' },
        [await textPdf(['Myöhäinen liite'])],
      ),
    );
    expect(error).toBeInstanceOf(ReadOnlyRecordError);
    expect(error).toMatchObject({ code: 'invalid_input', reason: 'caseClosed' });
    expect(await objectCount()).toBe(objectsBefore);
    expect(await fx.test.db.$count(documents)).toBe(rowsBefore);
    expect(readOnlyMessage('caseClosed', 'fi')).toBe(
      'Asia on päättynyt ja sen asiakirjat on arkistoitu. Päättyneeseen asiaan ei voi lisätä asiakirjoja.',
    );
    for (const locale of LOCALES) {
      expect(readOnlyMessage('caseClosed', locale).length).toBeGreaterThan(20);
      expect(readOnlyMessage('documentArchived', locale).length).toBeGreaterThan(20);
    }
    expect(readOnlyMessage('caseClosed', 'sv')).toMatch(/avslutat ärende/);
    expect(readOnlyMessage('documentArchived', 'en')).toMatch(/no new version/);
  });

  it('the database refuses a new version, a changed or removed version, and a metadata change of an archived document', async () => {
    const { documentId } = await archivedDocument();
    await expect(assertDocumentWritable(fx.test.db, documentId)).rejects.toMatchObject({
      reason: 'documentArchived',
    });
    const [original] = await fx.test.db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId));
    const attempts = [
      fx.test.db.insert(documentVersions).values({
        documentId,
        versionNo: 9,
        kind: 'searchable_pdf',
        storageKey: original!.storageKey,
        sha256: original!.sha256,
        size: original!.size,
        mediaType: 'application/pdf',
      }),
      fx.test.db
        .update(documentVersions)
        .set({ mediaType: 'text/plain' })
        .where(eq(documentVersions.id, original!.id)),
      fx.test.db.delete(documentVersions).where(eq(documentVersions.id, original!.id)),
      fx.test.db.update(documents).set({ title: 'Muutettu' }).where(eq(documents.id, documentId)),
      fx.test.db.update(documents).set({ type: 'decision' }).where(eq(documents.id, documentId)),
      fx.test.db
        .update(documents)
        .set({ contentText: 'toinen teksti' })
        .where(eq(documents.id, documentId)),
      fx.test.db.delete(documents).where(eq(documents.id, documentId)),
    ];
    for (const attempt of attempts) {
      const error = await refusal(attempt);
      expect(isArchivedRecordRefusal(error), String(error)).toBe(true);
      expect(String((error as Error).cause)).toMatch(/is archived and read-only/);
    }
    const [after] = await fx.test.db.select().from(documents).where(eq(documents.id, documentId));
    expect(after).toMatchObject({ title: 'Tiliote', type: 'attachment' });
    expect(
      await fx.test.db.$count(documentVersions, eq(documentVersions.documentId, documentId)),
    ).toBe(2);
  });

  it('the archive keeps working: legal hold on and off, retention changed, disposal clears the text', async () => {
    const { documentId } = await archivedDocument();
    const archivist = await fx.actor('arkisto');
    expect(
      await setLegalHold(fx.test.db, archivist, {
        documentId,
        hold: true,
        reason: 'Valitus hallinto-oikeudessa',
      }),
    ).toEqual({ ok: true });
    expect(
      await setLegalHold(fx.test.db, archivist, {
        documentId,
        hold: false,
        reason: 'Hallinto-oikeus ratkaisi asian',
      }),
    ).toEqual({ ok: true });
    await fx.test.db
      .update(documents)
      .set({ disposalDate: null })
      .where(eq(documents.id, documentId));
    await fx.test.db
      .update(documents)
      .set({ disposedAt: new Date(), contentText: null })
      .where(eq(documents.id, documentId));
    const [row] = await fx.test.db.select().from(documents).where(eq(documents.id, documentId));
    expect(row).toMatchObject({ legalHold: false, disposalDate: null, contentText: null });
    expect(row!.disposedAt).not.toBeNull();
  });

  it('documents of an open case, and of a closed case before archiving, can still change', async () => {
    const actor = await fx.actor('ohjaaja');
    const clientId = await fx.clientOf('ohjaaja');
    const caseId = await newCase(clientId);
    const { document } = await storeUploadedDocument(
      fx.test.db,
      fx.store,
      actor,
      { clientId, caseId, type: 'attachment', title: 'Vuokrasopimus', language: 'fi' },
      [await textPdf(['Vuokrasopimus 2026'])],
    );
    await assertDocumentWritable(fx.test.db, document.id);
    await fx.test.db
      .update(documents)
      .set({ title: 'Vuokrasopimus 2026' })
      .where(eq(documents.id, document.id));
    // Closed, retention not yet set (archiving runs next): still writable.
    await fx.test.db.execute(
      sql`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = ${caseId}`,
    );
    await fx.test.db
      .update(documents)
      .set({ type: 'application' })
      .where(eq(documents.id, document.id));
    const [row] = await fx.test.db.select().from(documents).where(eq(documents.id, document.id));
    expect(row).toMatchObject({ title: 'Vuokrasopimus 2026', type: 'application' });
  });
});
