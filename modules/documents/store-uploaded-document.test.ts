import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentVersions, documents } from '@/db/documents-schema';
import { auditLog } from '@/db/schema';
import { AppError } from '@/modules/errors';
import { FileRejectedError } from './sniff';
import { storeUploadedDocument } from './store-uploaded-document';
import { createDocumentsFixture, textPdf, type DocumentsFixture } from './test-fixtures';
import { encryptedPdf, png } from './test-files';

let fx: DocumentsFixture;
beforeAll(async () => {
  fx = await createDocumentsFixture();
});
afterAll(async () => fx?.close());

async function storedObjects(): Promise<string[]> {
  const entries = await readdir(fx.storeDirectory, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('storeUploadedDocument', () => {
  it('stores a PDF as a document with its original, its text and an audit row', async () => {
    const actor = await fx.actor('ohjaaja');
    const clientId = await fx.clientOf('ohjaaja');
    const bytes = await textPdf(['Toimeentulotukihakemuksen liite', 'Vuokrasopimus']);
    const { document, original } = await storeUploadedDocument(
      fx.test.db,
      fx.store,
      actor,
      { clientId, type: 'attachment', title: 'Vuokrasopimus', language: 'fi' },
      [bytes],
    );
    expect(original).toMatchObject({ versionNo: 1, kind: 'original', size: bytes.length });
    expect(original.mediaType).toBe('application/pdf');
    expect(document.contentText).toContain('Toimeentulotukihakemuksen');
    const versions = await fx.test.db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, document.id));
    expect(versions.map((v) => v.kind).sort()).toEqual(['extracted_text', 'original']);
    const audit = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.clientId, clientId), eq(auditLog.action, 'document.create')));
    expect(audit.at(-1)?.details).toMatchObject({ documentId: document.id, operation: 'upload' });
  });

  it('a refused file stores nothing: no object, no document row', async () => {
    const actor = await fx.actor('ohjaaja');
    const clientId = await fx.clientOf('ohjaaja');
    const objectsBefore = await storedObjects();
    const rowsBefore = await fx.test.db.$count(documents);
    for (const hostile of [
      await encryptedPdf(),
      Buffer.from('<html><script>alert(1)</script></html>'),
      png(20000, 20000),
      Buffer.alloc(0),
    ]) {
      await expect(
        storeUploadedDocument(
          fx.test.db,
          fx.store,
          actor,
          { clientId, type: 'attachment', title: 'Paha', language: 'fi' },
          [hostile],
        ),
      ).rejects.toBeInstanceOf(FileRejectedError);
    }
    expect(await storedObjects()).toEqual(objectsBefore);
    expect(await fx.test.db.$count(documents)).toBe(rowsBefore);
  });

  it('a caseworker of another unit is refused before any byte is read, and it is audited', async () => {
    const actor = await fx.actor('ohjaaja2');
    const clientId = await fx.clientOf('ohjaaja');
    let read = false;
    const source = (async function* () {
      read = true;
      yield await textPdf(['x']);
    })();
    await expect(
      storeUploadedDocument(
        fx.test.db,
        fx.store,
        actor,
        { clientId, type: 'attachment', title: 'x', language: 'fi' },
        source,
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(read).toBe(false);
    const [denied] = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.action, 'access.denied')));
    expect(denied?.details).toMatchObject({ resource: 'document', reason: 'other_unit' });
  });

  it('an archivist may not add documents, and invalid metadata is refused', async () => {
    const clientId = await fx.clientOf('ohjaaja');
    await expect(
      storeUploadedDocument(
        fx.test.db,
        fx.store,
        await fx.actor('arkisto'),
        { clientId, type: 'attachment', title: 'x', language: 'fi' },
        [await textPdf(['x'])],
      ),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      storeUploadedDocument(
        fx.test.db,
        fx.store,
        await fx.actor('ohjaaja'),
        { clientId, type: 'attachment', title: '   ', language: 'fi' },
        [await textPdf(['x'])],
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
