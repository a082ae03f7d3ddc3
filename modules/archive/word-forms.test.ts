// Archive search over inflected word forms (issue 4): the query word and the document's words are
// stemmed by PostgreSQL's snowball stemmers and normalised by search_normalize_* (migration
// 0010_search_word_forms), through the real searchArchive. Each row: a document whose text is
// one word form, a query with another form, and whether it must be found.
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

  it('keeps the operators of a web search query (or, quoted phrases)', async () => {
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
    // Quotes and backslashes in the query are lexeme text, not syntax.
    expect(await found("sana's \\ 'hakemus'")).toEqual([]);
    expect(await found("'hakemus'")).toContain(titleOf('hakemusta'));
  });

  it('the normaliser is the same at index and query time', async () => {
    const { rows } = await fx.test.db.execute<{ forms: string; query: string }>(
      sql`SELECT search_forms::text AS forms,
            search_normalize_query('fi', websearch_to_tsquery('finnish', 'hakemukset'))::text AS query
          FROM documents WHERE title = ${titleOf('hakemusta')}`,
    );
    expect(rows[0]!.query).toBe("'hakemu'");
    expect(rows[0]!.forms).toContain("'hakemu':");
  });
});
