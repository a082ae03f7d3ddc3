import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityIncidents } from '@/db/archive-schema';
import { auditLog } from '@/db/schema';
import {
  DocumentIntegrityError,
  openDocumentVersion,
} from '@/modules/documents/open-document-version';
import { storeUploadedDocument } from '@/modules/documents/store-uploaded-document';
import {
  createDocumentsFixture,
  textPdf,
  type DocumentsFixture,
} from '@/modules/documents/test-fixtures';
import { IntegrityError } from '../../storage/port';
import { acknowledgeIntegrityIncident, listIntegrityIncidents } from './integrity-incidents';
import { scrubAndRecordIncidents } from './scrub-and-record';

let fx: DocumentsFixture;
beforeAll(async () => {
  fx = await createDocumentsFixture();
});
afterAll(async () => fx?.close());

async function storeAndCorrupt(title: string) {
  const bytes = await textPdf([title]);
  const { document, original } = await storeUploadedDocument(
    fx.test.db,
    fx.store,
    await fx.actor('ohjaaja'),
    { clientId: await fx.clientOf('ohjaaja'), type: 'attachment', title, language: 'fi' },
    [bytes],
  );
  const files = await readdir(fx.storeDirectory, { recursive: true, withFileTypes: true });
  const file = files.find((f) => f.isFile() && f.name === original.sha256)!;
  const corrupted = Buffer.from(bytes);
  corrupted[200]! ^= 0x20;
  await writeFile(path.join(file.parentPath, file.name), corrupted);
  return { document, original };
}

async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out');
}

const incidentFor = (storageKey: string) =>
  fx.test.db.select().from(integrityIncidents).where(eq(integrityIncidents.storageKey, storageKey));

describe('integrity incidents', () => {
  it('a corrupt file on disk fails the read, records one incident and an audit row for the client', async () => {
    const { document, original } = await storeAndCorrupt('Rikottu liite');
    const caseworker = await fx.actor('ohjaaja');
    const opened = await openDocumentVersion(
      fx.test.db,
      fx.store,
      caseworker,
      document.id,
      1,
      null,
    );
    await expect(buffer(opened.stream)).rejects.toBeInstanceOf(IntegrityError);
    const [incident] = await waitFor(async () => {
      const rows = await incidentFor(original.storageKey);
      return rows.length ? rows : undefined;
    });
    expect(incident).toMatchObject({
      problem: 'integrity',
      source: 'read',
      documentId: document.id,
      versionNo: 1,
      expectedSha256: original.sha256,
      detectedBy: caseworker.userId,
      occurrences: 1,
      acknowledgedAt: null,
    });
    expect(incident!.actualSha256).not.toBe(original.sha256);
    // the stream's failure is recorded in the background: the audit row may follow the incident
    const [audit] = await waitFor(async () => {
      const rows = await fx.test.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'storage.integrity'));
      return rows.length ? rows : undefined;
    });
    expect(audit).toMatchObject({ clientId: document.clientId, actorUserId: caseworker.userId });

    // Verified before sending: the reader gets a clear error before any byte; same incident.
    await expect(
      openDocumentVersion(fx.test.db, fx.store, caseworker, document.id, 1, null, {
        verifyFirst: true,
      }),
    ).rejects.toBeInstanceOf(DocumentIntegrityError);
    const [again] = await waitFor(async () => {
      const rows = await incidentFor(original.storageKey);
      return rows[0]?.occurrences === 2 ? rows : undefined;
    });
    expect(again?.occurrences).toBe(2);
  });

  it('a verified read of intact bytes gives them back', async () => {
    const bytes = await textPdf(['Ehjä']);
    const { document } = await storeUploadedDocument(
      fx.test.db,
      fx.store,
      await fx.actor('ohjaaja'),
      { clientId: await fx.clientOf('ohjaaja'), type: 'attachment', title: 'Ehjä', language: 'fi' },
      [bytes],
    );
    const opened = await openDocumentVersion(
      fx.test.db,
      fx.store,
      await fx.actor('ohjaaja'),
      document.id,
      1,
      null,
      { verifyFirst: true, operation: 'view' },
    );
    expect(Buffer.compare(await buffer(opened.stream), bytes)).toBe(0);
    const [read] = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document.read'), eq(auditLog.purpose, 'document view')));
    expect(read?.details).toMatchObject({ documentId: document.id, operation: 'view' });
  });

  it('the scrub records an incident for each broken object, and an admin acknowledges it', async () => {
    const { document, original } = await storeAndCorrupt('Skrubattava');
    const report = await scrubAndRecordIncidents(fx.test.db, fx.store);
    expect(report.broken.map((b) => b.key)).toContain(original.storageKey);
    expect(report.checked).toBeGreaterThan(report.broken.length);
    const [incident] = await incidentFor(original.storageKey);
    expect(incident).toMatchObject({ source: 'scrub', documentId: document.id, detectedBy: null });

    const admin = await fx.actor('admin');
    const listed = await listIntegrityIncidents(fx.test.db, admin);
    expect(listed.find((i) => i.id === incident!.id)).toMatchObject({
      documentId: document.id,
      acknowledgedAt: null,
    });
    await expect(
      listIntegrityIncidents(fx.test.db, await fx.actor('arkisto')),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      acknowledgeIntegrityIncident(fx.test.db, await fx.actor('ohjaaja'), incident!.id),
    ).rejects.toMatchObject({ code: 'forbidden' });

    await acknowledgeIntegrityIncident(fx.test.db, admin, incident!.id);
    await expect(
      acknowledgeIntegrityIncident(fx.test.db, admin, incident!.id),
    ).rejects.toMatchObject({ code: 'not_found' });
    const [ack] = await fx.test.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'storage.incident_ack'));
    expect(ack?.details).toMatchObject({ incidentId: incident!.id });

    // Found again after the acknowledgement: a new open incident, the old one stays closed.
    await scrubAndRecordIncidents(fx.test.db, fx.store);
    const rows = await incidentFor(original.storageKey);
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.acknowledgedAt === null)).toHaveLength(1);
  });
});
