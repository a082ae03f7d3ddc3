import { buffer } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { IntegrityError } from '../../storage/port';
import { openDocumentVersion } from './open-document-version';
import { storeUploadedDocument } from './store-uploaded-document';
import { createDocumentsFixture, textPdf, type DocumentsFixture } from './test-fixtures';
import { png } from './test-files';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

let fx: DocumentsFixture;
beforeAll(async () => {
  fx = await createDocumentsFixture();
});
afterAll(async () => fx?.close());

async function upload(bytes: Buffer, title = 'Liite') {
  return storeUploadedDocument(
    fx.test.db,
    fx.store,
    await fx.actor('ohjaaja'),
    { clientId: await fx.clientOf('ohjaaja'), type: 'attachment', title, language: 'fi' },
    [bytes],
  );
}

describe('openDocumentVersion', () => {
  it('a caseworker of the unit gets the same bytes back, and the read is audited', async () => {
    const bytes = png(3, 2);
    const { document } = await upload(bytes);
    const actor = await fx.actor('ohjaaja');
    const opened = await openDocumentVersion(fx.test.db, fx.store, actor, document.id, 1, null);
    expect(Buffer.compare(await buffer(opened.stream), bytes)).toBe(0);
    expect(opened.version.mediaType).toBe('image/png');
    const reads = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.action, 'document.read')));
    expect(reads.at(-1)?.details).toMatchObject({ documentId: document.id, operation: 'download' });
  });

  it('a caseworker of another unit is refused and the refusal audited', async () => {
    const { document } = await upload(await textPdf(['Toinen']));
    const other = await fx.actor('ohjaaja2');
    await expect(
      openDocumentVersion(fx.test.db, fx.store, other, document.id, 1, null),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const [denied] = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, other.userId), eq(auditLog.action, 'access.denied')));
    expect(denied?.details).toMatchObject({ documentId: document.id });
  });

  it('an archivist opens a document only with a purpose, and the purpose is audited', async () => {
    const { document } = await upload(await textPdf(['Arkisto']));
    const archivist = await fx.actor('arkisto');
    await expect(
      openDocumentVersion(fx.test.db, fx.store, archivist, document.id, 1, null),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const opened = await openDocumentVersion(
      fx.test.db,
      fx.store,
      archivist,
      document.id,
      1,
      'tietopyyntö 2026/12',
    );
    await buffer(opened.stream);
    const reads = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, archivist.userId), eq(auditLog.action, 'document.read')));
    expect(reads.at(-1)).toMatchObject({
      purpose: 'tietopyyntö 2026/12',
      details: { basis: 'archival' },
    });
  });

  it('an admin gets no documents, and a missing version is not found', async () => {
    const { document } = await upload(await textPdf(['Admin']));
    await expect(
      openDocumentVersion(fx.test.db, fx.store, await fx.actor('admin'), document.id, 1, 'x y z'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      openDocumentVersion(fx.test.db, fx.store, await fx.actor('ohjaaja'), document.id, 9, null),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('changed stored bytes fail the stream with an integrity error', async () => {
    const bytes = png(5, 5);
    const { document, original } = await upload(bytes, 'Muutettava');
    const files = await readdir(fx.storeDirectory, { recursive: true, withFileTypes: true });
    const file = files.find((f) => f.isFile() && f.name === original.sha256)!;
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 20]! ^= 0xff;
    await writeFile(path.join(file.parentPath, file.name), tampered);
    const opened = await openDocumentVersion(
      fx.test.db,
      fx.store,
      await fx.actor('ohjaaja'),
      document.id,
      1,
      null,
    );
    await expect(buffer(opened.stream)).rejects.toBeInstanceOf(IntegrityError);
  });
});
