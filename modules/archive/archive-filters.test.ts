import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '@/db/documents-schema';
import { storeUploadedDocument } from '@/modules/documents/store-uploaded-document';
import {
  createDocumentsFixture,
  textPdf,
  type DocumentsFixture,
} from '@/modules/documents/test-fixtures';
import { retentionState } from './retention-state';
import { searchArchive } from './search-archive';

let fx: DocumentsFixture;
const ids: Record<string, string> = {};
const NOW = new Date('2030-06-15T10:00:00Z');
const purpose = 'arkistotarkastus';

beforeAll(async () => {
  fx = await createDocumentsFixture();
  const clientId = await fx.clientOf('ohjaaja');
  const caseworker = await fx.actor('ohjaaja');
  const docs: [string, Partial<typeof documents.$inferInsert>][] = [
    ['Avoin', {}],
    ['Erääntyvä', { retentionClass: 'working_age_adult_services', disposalDate: '2030-06-15' }],
    ['Myöhemmin', { retentionClass: 'working_age_adult_services', disposalDate: '2030-06-16' }],
    [
      'Pysyvä',
      { retentionClass: 'working_age_adult_services', signatureStatus: 'signed', legalHold: true },
    ],
    ['Vanha', { createdAt: new Date('2020-03-01T12:00:00Z'), signatureStatus: 'invalid' }],
  ];
  for (const [title, fields] of docs) {
    const { document } = await storeUploadedDocument(
      fx.test.db,
      fx.store,
      caseworker,
      { clientId, type: 'attachment', title, language: 'fi' },
      [await textPdf([title])],
    );
    if (Object.keys(fields).length > 0) {
      await fx.test.db.update(documents).set(fields).where(eq(documents.id, document.id));
    }
    ids[title] = document.id;
  }
});
afterAll(async () => fx?.close());

const titles = (hits: { title: string }[]) => hits.map((h) => h.title).sort();

describe('archive search filters', () => {
  it('retention state: a class without a disposal date is permanent, a reached date is due', () => {
    expect(retentionState({ retentionClass: null, disposalDate: null }, '2030-06-15')).toBe(
      'active',
    );
    expect(retentionState({ retentionClass: 'x', disposalDate: null }, '2030-06-15')).toBe(
      'permanent',
    );
    expect(retentionState({ retentionClass: 'x', disposalDate: '2030-06-15' }, '2030-06-15')).toBe(
      'due',
    );
    expect(retentionState({ retentionClass: 'x', disposalDate: '2030-06-16' }, '2030-06-15')).toBe(
      'active',
    );
  });

  it('filters by retention state, as of the Helsinki day of the search', async () => {
    const archivist = await fx.actor('arkisto');
    const search = async (retentionState: 'active' | 'due' | 'permanent') =>
      titles((await searchArchive(fx.test.db, archivist, { retentionState }, purpose, NOW)).hits);
    expect(await search('due')).toEqual(['Erääntyvä']);
    expect(await search('permanent')).toEqual(['Pysyvä']);
    expect(await search('active')).toEqual(['Avoin', 'Myöhemmin', 'Vanha']);
  });

  it('filters by signature status and legal hold, and combines filters', async () => {
    const archivist = await fx.actor('arkisto');
    const search = async (query: Parameters<typeof searchArchive>[2]) =>
      titles((await searchArchive(fx.test.db, archivist, query, purpose, NOW)).hits);
    expect(await search({ signatureStatus: 'signed' })).toEqual(['Pysyvä']);
    expect(await search({ signatureStatus: 'invalid' })).toEqual(['Vanha']);
    expect(await search({ legalHold: true })).toEqual(['Pysyvä']);
    expect(await search({ legalHold: false })).toHaveLength(4);
    expect(await search({ legalHold: true, signatureStatus: 'unsigned' })).toEqual([]);
    expect(await search({ signatureStatus: 'unsigned', to: '2021-01-01' })).toEqual([]);
    expect(await search({ from: '2020-03-01', to: '2020-03-01' })).toEqual(['Vanha']);
    expect(await search({ type: 'attachment', text: 'pysyvä' })).toEqual(['Pysyvä']);
  });

  it('sorts oldest first or by title', async () => {
    const archivist = await fx.actor('arkisto');
    const oldest = await searchArchive(fx.test.db, archivist, { sort: 'oldest' }, purpose, NOW);
    expect(oldest.hits[0]?.title).toBe('Vanha');
    const byTitle = await searchArchive(fx.test.db, archivist, { sort: 'title' }, purpose, NOW);
    expect(byTitle.hits.map((h) => h.title)).toEqual([
      'Avoin',
      'Erääntyvä',
      'Myöhemmin',
      'Pysyvä',
      'Vanha',
    ]);
  });

  it('refuses a reversed date range and unknown filter values', async () => {
    const archivist = await fx.actor('arkisto');
    await expect(
      searchArchive(fx.test.db, archivist, { from: '2030-02-01', to: '2030-01-01' }, purpose),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      searchArchive(
        fx.test.db,
        archivist,
        { retentionState: 'forever' as unknown as 'due' },
        purpose,
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
