import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '@/db/schema';
import { storeUploadedDocument } from '@/modules/documents/store-uploaded-document';
import {
  createDocumentsFixture,
  textPdf,
  type DocumentsFixture,
} from '@/modules/documents/test-fixtures';
import { searchArchive } from './search-archive';

let fx: DocumentsFixture;
let northClient: string;
let eastClient: string;
beforeAll(async () => {
  fx = await createDocumentsFixture();
  northClient = await fx.clientOf('ohjaaja');
  eastClient = await fx.clientOf('ohjaaja2');
  const store = async (user: string, clientId: string, title: string, lines: string[]) =>
    storeUploadedDocument(
      fx.test.db,
      fx.store,
      await fx.actor(user),
      { clientId, type: title === 'Päätös' ? 'decision' : 'attachment', title, language: 'fi' },
      [await textPdf(lines)],
    );
  await store('ohjaaja', northClient, 'Liite', [
    'Asiakkaan hakemuksen liitteet ja vuokrasopimuksen kopio',
  ]);
  await store('ohjaaja', northClient, 'Bilaga', ['Flera ansökningar om utkomststöd']);
  await store('ohjaaja2', eastClient, 'Päätös', ['Toimeentulotukea koskeva hakemus hyväksytään']);
});
afterAll(async () => fx?.close());

describe('searchArchive', () => {
  it('finds inflected Finnish and Swedish word forms from the document text', async () => {
    const archivist = await fx.actor('arkisto');
    const purpose = 'arkistointi';
    const fi = await searchArchive(fx.test.db, archivist, { text: 'vuokrasopimukset' }, purpose);
    expect(fi.hits.map((h) => h.title)).toEqual(['Liite']);
    const sv = await searchArchive(fx.test.db, archivist, { text: 'ansökning' }, purpose);
    expect(sv.hits.map((h) => h.title)).toEqual(['Bilaga']);
  });

  it('caseworkers see only their units’ clients; archivists see all with a purpose', async () => {
    const caseworker = await fx.actor('ohjaaja');
    const own = await searchArchive(fx.test.db, caseworker, {}, null);
    expect(own.hits.every((h) => h.clientId === northClient)).toBe(true);
    expect(own.total).toBe(2);
    const archivist = await fx.actor('arkisto');
    await expect(searchArchive(fx.test.db, archivist, {}, null)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect((await searchArchive(fx.test.db, archivist, {}, 'arkistointi')).total).toBe(3);
    await expect(
      searchArchive(fx.test.db, await fx.actor('admin'), {}, 'arkistointi'),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('filters by client, type and date range, and the search is audited', async () => {
    const archivist = await fx.actor('arkisto');
    const purpose = 'arkistointi';
    const byType = await searchArchive(fx.test.db, archivist, { type: 'decision' }, purpose);
    expect(byType.hits.map((h) => h.clientId)).toEqual([eastClient]);
    const byClient = await searchArchive(fx.test.db, archivist, { clientId: eastClient }, purpose);
    expect(byClient.total).toBe(1);
    const future = await searchArchive(fx.test.db, archivist, { from: '2999-01-01' }, purpose);
    expect(future.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const range = await searchArchive(fx.test.db, archivist, { from: today, to: today }, purpose);
    expect(range.total).toBe(3);
    const [row] = await fx.test.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.actorUserId, archivist.userId), eq(auditLog.action, 'document.search')),
      )
      .orderBy(auditLog.seq)
      .limit(1);
    expect(row).toMatchObject({ purpose, details: { resource: 'archive', basis: 'archival' } });
  });
});
