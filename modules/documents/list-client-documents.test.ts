import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listClientDocuments } from './list-client-documents';
import { storeUploadedDocument } from './store-uploaded-document';
import { createDocumentsFixture, textPdf, type DocumentsFixture } from './test-fixtures';
import { png } from './test-files';

let fx: DocumentsFixture;
beforeAll(async () => {
  fx = await createDocumentsFixture();
});
afterAll(async () => fx?.close());

describe('listClientDocuments', () => {
  it("lists a client's documents newest first with their versions; other units are refused", async () => {
    const actor = await fx.actor('ohjaaja');
    const clientId = await fx.clientOf('ohjaaja');
    const input = { clientId, type: 'attachment', language: 'fi' } as const;
    await storeUploadedDocument(fx.test.db, fx.store, actor, { ...input, title: 'Eka' }, [
      await textPdf(['Ensimmäinen']),
    ]);
    await storeUploadedDocument(fx.test.db, fx.store, actor, { ...input, title: 'Toka' }, [
      png(4, 4),
    ]);
    const list = await listClientDocuments(fx.test.db, actor, clientId, null);
    expect(list.map((d) => d.title)).toEqual(['Toka', 'Eka']);
    expect(list[0]!.versions.map((v) => v.kind)).toEqual(['original']);
    expect(list[1]!.versions.map((v) => v.kind)).toEqual(['original', 'extracted_text']);
    expect(list[0]).not.toHaveProperty('contentText');

    await expect(
      listClientDocuments(fx.test.db, await fx.actor('ohjaaja2'), clientId, null),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
