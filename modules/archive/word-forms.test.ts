// Archive search over inflected word forms (issue 4): the query word and the document's words are
// stemmed by PostgreSQL's snowball stemmers and normalised by search_normalize_* (migration
// 0010_search_word_forms), through the real searchArchive. Each row: a document whose text is
// one word form, a query with another form, and whether it must be found.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { documents } from '@/db/documents-schema';
import { createDocumentsFixture, type DocumentsFixture } from '@/modules/documents/test-fixtures';
import { searchArchive } from './search-archive';

/** [query, word form in the document] that must be found. */
const FINNISH: [string, string][] = [
  ['hakemus', 'hakemuksen'],
  ['hakemus', 'hakemukset'],
  ['hakemuksen', 'hakemusta'],
  ['päätös', 'päätöksen'],
  ['päätös', 'päätöstä'],
  ['vuokra', 'vuokrien'],
  ['tulo', 'tulojen'],
  ['tulot', 'tuloista'],
  ['liite', 'liitteen'],
  ['liite', 'liitteitä'],
  ['selvitys', 'selvityksen'],
  ['selvitys', 'selvitystä'],
  ['tiliote', 'tiliotteet'],
  ['oikaisuvaatimus', 'oikaisuvaatimuksen'],
  ['oikaisuvaatimus', 'oikaisuvaatimuksesta'],
  ['toimeentulotuki', 'toimeentulotuen'],
  ['toimeentulotuki', 'toimeentulotukea'],
  ['asunto', 'asunnon'],
  ['kotitalous', 'kotitalouden'],
  ['etuus', 'etuuden'],
  ['vuokrasopimus', 'vuokrasopimukset'],
  ['lääke', 'lääkkeiden'],
  ['asiakas', 'asiakkaan'],
  ['ruokakunta', 'ruokakunnan'],
  ['maksusitoumus', 'maksusitoumuksen'],
  ['lisäselvitys', 'lisäselvityksen'],
  ['palkkalaskelma', 'palkkalaskelmat'],
  ['vakuutus', 'vakuutuksen'],
];

const SWEDISH: [string, string][] = [
  ['ansökan', 'ansökningar'],
  ['ansökan', 'ansökningen'],
  ['ansökning', 'ansökan'],
  ['beslut', 'beslutet'],
  ['hyra', 'hyran'],
  ['hyra', 'hyrorna'],
  ['inkomst', 'inkomsterna'],
  ['bilaga', 'bilagan'],
  ['bilaga', 'bilagor'],
  ['utredning', 'utredningarna'],
  ['begäran', 'begäranden'],
  ['omprövning', 'omprövningen'],
  ['kostnad', 'kostnader'],
  ['hushåll', 'hushållet'],
  ['kontoutdrag', 'kontoutdraget'],
  ['ersättning', 'ersättningar'],
  ['avgift', 'avgifter'],
];

/** [query, word in the document] that must NOT be found: other words that look alike. */
const UNRELATED: [string, string][] = [
  ['tulo', 'tulla'],
  ['tulo', 'tuli'],
  ['tulo', 'tulkki'],
  ['liite', 'liitto'],
  ['hakemus', 'hakemisto'],
  ['hakemus', 'hakea'],
  ['hakemus', 'haku'],
  ['päätös', 'päättäjä'],
  ['asiakas', 'asian'],
  ['kunta', 'kuuntelu'],
  ['lasku', 'laskea'],
  ['ansökan', 'ansvar'],
  ['beslut', 'besök'],
  ['hyra', 'hyrbil'],
  ['tidning', 'tid'],
  ['bilaga', 'bil'],
  ['inkomst', 'inkomma'],
  ['utredning', 'utrikes'],
  ['kostnad', 'kost'],
];

let fx: DocumentsFixture;
const purpose = 'arkistointi';
/** Title of the document holding this word form; titles are not words the stemmers know. */
const titleOf = (word: string) => `sanamuoto-${word}`;

beforeAll(async () => {
  fx = await createDocumentsFixture();
  const clientId = await fx.clientOf('ohjaaja');
  const words = new Set([...FINNISH, ...SWEDISH, ...UNRELATED].map(([, word]) => word));
  await fx.test.db.insert(documents).values(
    [...words].map((word) => ({
      clientId,
      type: 'attachment' as const,
      title: titleOf(word),
      language: 'fi' as const,
      sourceChannel: 'upload' as const,
      contentText: `Asiakirjassa on sana ${word}.`,
    })),
  );
});
afterAll(async () => fx?.close());

async function found(query: string): Promise<string[]> {
  const archivist = await fx.actor('arkisto');
  const result = await searchArchive(
    fx.test.db,
    archivist,
    { text: query, pageSize: 100 },
    purpose,
  );
  return result.hits.map((h) => h.title);
}

describe('archive search over word forms', () => {
  it.each(FINNISH)('Finnish: "%s" finds "%s"', async (query, word) => {
    expect(await found(query)).toContain(titleOf(word));
  });

  it.each(SWEDISH)('Swedish: "%s" finds "%s"', async (query, word) => {
    expect(await found(query)).toContain(titleOf(word));
  });

  it.each(UNRELATED)('"%s" does not find the unrelated "%s"', async (query, word) => {
    expect(await found(query)).not.toContain(titleOf(word));
  });

  it('the words of the issue: hakemus → hakemuksen, ansökan → ansökningar, and back', async () => {
    expect(await found('hakemuksen')).toEqual(
      expect.arrayContaining([titleOf('hakemukset'), titleOf('hakemusta')]),
    );
    expect(await found('ansökningar')).toEqual(
      expect.arrayContaining([titleOf('ansökan'), titleOf('ansökningen')]),
    );
  });

  it('documents with the query’s own form come first', async () => {
    // "hakemusta" stems to hakemu, "hakemuksen" and "hakemukset" to hakemuks: a query for
    // hakemukset ranks the two hakemuks- documents above the partitive one.
    const hits = await found('hakemukset');
    expect(hits.slice(0, 2).sort()).toEqual([titleOf('hakemuksen'), titleOf('hakemukset')]);
    expect(hits.slice(2)).toEqual([titleOf('hakemusta')]);
  });

  it('keeps the operators of a web search query (or, quoted phrases, minus)', async () => {
    expect((await found('liite or ansökan')).sort()).toEqual(
      [
        titleOf('ansökan'),
        titleOf('ansökningar'),
        titleOf('ansökningen'),
        titleOf('liitteen'),
        titleOf('liitteitä'),
      ].sort(),
    );
    expect(await found('"sana hakemuksen"')).toEqual(
      expect.arrayContaining([titleOf('hakemukset'), titleOf('hakemusta')]),
    );
    // A minus excludes every form of the word, in either language's reading.
    expect(await found('sana -hakemuksia')).not.toContain(titleOf('hakemusta'));
    expect(await found('sana -hakemuksia')).not.toContain(titleOf('hakemuksen'));
    expect(await found('sana -hakemuksia')).toContain(titleOf('liitteen'));
    expect(await found('sana -ansökningen')).not.toContain(titleOf('ansökan'));
    // A stop word in one language only (ja): the two readings are joined with OR.
    expect((await found('sana ja liitteitä')).sort()).toEqual(
      [titleOf('liitteen'), titleOf('liitteitä')].sort(),
    );
    expect(await found('liite or ja')).toEqual(
      expect.arrayContaining([titleOf('liitteen'), titleOf('liitteitä')]),
    );
    // Quotes and backslashes in the query are lexeme text, not syntax.
    expect(await found("sana's \\ 'hakemus'")).toEqual([]);
    expect(await found("'hakemus'")).toContain(titleOf('hakemusta'));
  });

  it('a text with very many distinct words keeps its Finnish forms instead of failing', async () => {
    // 22 000 distinct made-up words in the inessive (-ssa), which the two stemmers cut
    // differently: each language's vector fits in a tsvector's 1 MB, both together would not.
    const words = Array.from(
      { length: 22_000 },
      (_, i) =>
        createHash('md5')
          .update(String(i))
          .digest('hex')
          .slice(0, 20)
          .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!) + 'ssa',
    );
    const [row] = await fx.test.db
      .insert(documents)
      .values({
        clientId: await fx.clientOf('ohjaaja'),
        type: 'attachment',
        title: titleOf('iso-asiakirja'),
        language: 'fi',
        sourceChannel: 'scan',
        contentText: `${words.join(' ')} hakemuksen liitteet`,
      })
      .returning({ id: documents.id });
    const { rows } = await fx.test.db.execute<{ forms: number; fi: number }>(
      sql`SELECT length(search_forms) AS forms,
            length(search_normalize_vector('fi', to_tsvector('finnish', title || ' ' || content_text))) AS fi
          FROM documents WHERE id = ${row!.id}`,
    );
    expect(rows[0]!.forms).toBe(rows[0]!.fi);
    expect(await found('hakemus')).toContain(titleOf('iso-asiakirja'));
    await fx.test.db.delete(documents).where(sql`${documents.id} = ${row!.id}`);
  });

  it('the normaliser is the same at index and query time', async () => {
    const { rows } = await fx.test.db.execute<{ forms: string; query: string }>(
      sql`SELECT search_forms::text AS forms,
            search_normalize_query('fi', websearch_to_tsquery('finnish', 'hakemukset'))::text AS query
          FROM documents WHERE title = ${titleOf('hakemusta')}`,
    );
    expect(rows[0]!.query).toBe("'hakemu'");
    const [query] = (
      await fx.test.db.execute<{ q: string }>(
        sql`SELECT search_query('"sana hakemuksen"')::text AS q`,
      )
    ).rows;
    expect(query!.q).toBe("( 'sana' | 'san' ) <-> ( 'hakemu' | 'hakemuks' )");
    expect(rows[0]!.forms).toContain("'hakemu':");
  });
});

describe('paging and totals (counted with the ranking, from the page, or apart)', () => {
  const all = () => new Set([...FINNISH, ...SWEDISH, ...UNRELATED].map(([, word]) => word)).size;

  it('relevance pages of a text search cover every match once, with the total', async () => {
    const archivist = await fx.actor('arkisto');
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all() / 10) + 1; page++) {
      const result = await searchArchive(
        fx.test.db,
        archivist,
        { text: 'sana', pageSize: 10, page },
        purpose,
      );
      expect(result.total).toBe(all());
      expect(result.totalIsLowerBound).toBe(false);
      const ranks = result.hits.map((h) => h.rank);
      expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      seen.push(...result.hits.map((h) => h.title));
    }
    expect(seen).toHaveLength(all());
    expect(new Set(seen).size).toBe(all());
  });

  it('without text: full pages count apart, the last page and a page past the end too', async () => {
    const archivist = await fx.actor('arkisto');
    const search = (page: number, pageSize: number) =>
      searchArchive(fx.test.db, archivist, { sort: 'title', page, pageSize }, purpose);
    expect((await search(1, 7)).total).toBe(all());
    const last = Math.ceil(all() / 7);
    const lastPage = await search(last, 7);
    expect(lastPage.total).toBe(all());
    expect(lastPage.hits).toHaveLength(all() - (last - 1) * 7);
    const past = await search(last + 2, 7);
    expect(past).toMatchObject({ hits: [], total: all() });
  });

  it('a caseworker’s totals count only their units’ clients', async () => {
    const own = await fx.actor('ohjaaja');
    const other = await fx.actor('ohjaaja2');
    expect((await searchArchive(fx.test.db, own, { text: 'sana', pageSize: 1 }, null)).total).toBe(
      all(),
    );
    expect((await searchArchive(fx.test.db, own, { pageSize: 1, page: 2 }, null)).total).toBe(
      all(),
    );
    expect(
      (await searchArchive(fx.test.db, other, { text: 'sana', pageSize: 1 }, null)).total,
    ).toBe(0);
    expect((await searchArchive(fx.test.db, other, { pageSize: 1, page: 3 }, null)).total).toBe(0);
  });
});
