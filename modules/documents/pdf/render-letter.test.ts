import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { renderLetter, type LetterInput, type OrganisationProfile } from './render-letter';
import { srgbIccProfile } from './srgb-icc';
import { flatten, pdfinfo, pdftotext, withPdfFile } from './test-helpers';

const organisation: OrganisationProfile = {
  name: 'Hämeenlinnan kaupunki',
  unit: 'Sosiaali- ja terveyspalvelut',
  addressLines: ['PL 84', '13101 Hämeenlinna'],
  contactLines: ['puh. 03 621 2111', 'kirjaamo@example.fi'],
  registrationLines: ['Y-tunnus 0139276-5'],
  labels: { sv: { caseNumber: 'Ärendenummer' } },
};

const letter = (overrides: Partial<LetterInput> = {}): LetterInput => ({
  organisation,
  locale: 'fi',
  title: 'Päätös perustoimeentulotuesta',
  documentKind: 'PÄÄTÖS',
  caseNumber: 'HML/2026/1234',
  recipient: { name: 'Åsa Öhman-Äimälä', addressLines: ['Koulukatu 1 A 2', '13100 Hämeenlinna'] },
  date: new Date('2026-11-25T09:00:00Z'),
  paragraphs: [
    'Hakemuksenne on käsitelty. Teille myönnetään perustoimeentulotukea ajalle 1.–30.11.2026.',
    'Päätökseen tyytymätön voi hakea oikaisua. Ändring får sökas skriftligt. Åtgärd: överklagande.',
  ],
  signatory: { name: 'Sari Sosiaalityöntekijä', title: 'sosiaalityöntekijä' },
  ...overrides,
});

describe('renderLetter', () => {
  it('Finnish and Swedish text with ä, ö and å comes back intact from pdftotext', async () => {
    const text = flatten(await pdftotext(await renderLetter(letter())));
    expect(text).toContain('Hämeenlinnan kaupunki');
    expect(text).toContain('Päätös perustoimeentulotuesta');
    expect(text).toContain('Åsa Öhman-Äimälä');
    expect(text).toContain('Ändring får sökas skriftligt. Åtgärd: överklagande.');
    expect(text).toContain('Diaarinumero: HML/2026/1234');
    expect(text).toContain('Päivämäärä: 25.11.2026');
    expect(text).toContain('1 (1)');
  });

  it('letters rendered one after another in one process each keep every glyph', async () => {
    const texts = [
      'Öljylämmitys ja Åland: Oikaisuvaatimus, Ärade mottagare.',
      'Oikaisuvaatimus on tehtävä Ömmöllä, Ängsbacka, ÅÄÖ åäö.',
      'Onnea Oulusta: Öisin, Äänekoski, Åbo.',
    ];
    for (const text of texts) {
      const rendered = flatten(await pdftotext(await renderLetter(letter({ paragraphs: [text] }))));
      expect(rendered).toContain(text);
    }
  });

  it('labels follow the letter language and the organisation can override them', async () => {
    const text = await pdftotext(await renderLetter(letter({ locale: 'sv', title: 'Beslut' })));
    expect(text).toContain('Datum: 25.11.2026');
    expect(text).toContain('Ärendenummer: HML/2026/1234');
  });

  it('long letters flow onto more pages, numbered n (total)', async () => {
    const paragraphs = Array.from(
      { length: 40 },
      (_, i) => `Kappale ${i + 1}. ${'Perustelut ja sovelletut säännökset. '.repeat(6)}`,
    );
    const bytes = await renderLetter(letter({ paragraphs }));
    const info = await pdfinfo(bytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(2);
    const text = await pdftotext(bytes);
    expect(text).toContain(`${pages} (${pages})`);
    expect(text).toContain('Kappale 40.');
  });

  it('a decision has headed sections, the signature, and appeal instructions on their own page', async () => {
    const bytes = await renderLetter(
      letter({
        sections: [
          { heading: 'Perustelut', paragraphs: ['Tulot ja menot on laskettu liitteen mukaan.'] },
          { heading: 'Sovelletut säännökset', paragraphs: ['Laki toimeentulotuesta 7 a §'] },
        ],
        appendices: [
          {
            heading: 'Muutoksenhakuohje',
            paragraphs: ['Oikaisuvaatimus on tehtävä 30 päivän kuluessa.'],
          },
        ],
      }),
    );
    const info = await pdfinfo(bytes);
    expect(info).toMatch(/Pages:\s+2\n/);
    const [first, second] = (await pdftotext(bytes)).split('\f').map(flatten);
    expect(first).toMatch(
      /Perustelut Tulot ja menot.*Sovelletut säännökset Laki toimeentulotuesta 7 a §.*Sari Sosiaalityöntekijä/,
    );
    expect(first).not.toContain('Muutoksenhakuohje');
    expect(second).toContain('Muutoksenhakuohje Oikaisuvaatimus on tehtävä 30 päivän kuluessa.');
    expect(second).toContain('2 (2)');
  });

  it('carries PDF/A-2b identification: XMP with title, language and dates, sRGB output intent', async () => {
    const bytes = await renderLetter(letter());
    const raw = Buffer.from(bytes).toString('latin1');
    const xmp = Buffer.from(bytes).toString('utf8');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Päätös perustoimeentulotuesta</rdf:li>');
    expect(xmp).toContain('<rdf:li>fi-FI</rdf:li>');
    expect(raw).toMatch(/\/Lang \(fi-FI\)/);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(raw).toMatch(/\/DestOutputProfile \d+ 0 R/);
    expect(raw).toMatch(/\/ID \[ ?<[0-9A-Fa-f]{32}> ?<[0-9A-Fa-f]{32}> ?\]/);

    const info = await pdfinfo(bytes);
    const createDate = /<xmp:CreateDate>([^<]+)</.exec(xmp)?.[1];
    expect(createDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const infoDate = new Date(/CreationDate:\s+(.+)/.exec(info)![1]!.trim());
    expect(infoDate.toISOString().replace('.000', '')).toBe(createDate);
    expect(info).toContain('Title:           Päätös perustoimeentulotuesta');
  });

  it('the sRGB output profile is a well-formed ICC v2 display profile', () => {
    const icc = Buffer.from(srgbIccProfile());
    expect(icc.readUInt32BE(0)).toBe(icc.length);
    expect(icc.toString('latin1', 36, 40)).toBe('acsp');
    expect(icc.toString('latin1', 12, 24)).toBe('mntrRGB XYZ ');
    const tagCount = icc.readUInt32BE(128);
    const signatures: string[] = [];
    for (let i = 0; i < tagCount; i++) {
      const at = 132 + i * 12;
      signatures.push(icc.toString('latin1', at, at + 4));
      const offset = icc.readUInt32BE(at + 4);
      const size = icc.readUInt32BE(at + 8);
      expect(offset % 4).toBe(0);
      expect(offset + size).toBeLessThanOrEqual(icc.length);
    }
    expect(signatures.sort()).toEqual(
      ['bTRC', 'bXYZ', 'cprt', 'desc', 'gTRC', 'gXYZ', 'rTRC', 'rXYZ', 'wtpt'].sort(),
    );
  });
});

describe('one parsed font shared by every letter', () => {
  const rasterise = (bytes: Uint8Array) =>
    withPdfFile(bytes, async (file) => {
      const { stdout } = await promisify(execFile)('pdftoppm', ['-r', '60', '-gray', file], {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      });
      return createHash('sha256').update(stdout).digest('hex');
    });
  const other = letter({
    locale: 'sv',
    title: 'Beslut om utkomststöd',
    recipient: { name: 'Zoë Quist-Wüller', addressLines: ['Ågatan 9', '00100 Helsingfors'] },
    paragraphs: ['Oxford, Aalto, Xylofon, jäähyväiset, ÅÄÖ åäö — 0123456789 € § ½ “citat”.'],
  });

  it('draws the same glyphs as a freshly parsed font, one after another and interleaved', async () => {
    vi.resetModules();
    const fresh = await import('./render-letter');
    const expected = await rasterise(await fresh.renderLetter(other));

    vi.resetModules();
    const shared = await import('./render-letter');
    await shared.renderLetter(letter());
    const sequential = await shared.renderLetter(other);
    const interleaved = await Promise.all([
      shared.renderLetter(letter()),
      shared.renderLetter(other),
      shared.renderLetter(letter({ paragraphs: ['Wäinämöinen'] })),
      shared.renderLetter(other),
    ]);
    const expectedText = await pdftotext(await fresh.renderLetter(other));
    for (const bytes of [sequential, interleaved[1]!, interleaved[3]!]) {
      expect(await rasterise(bytes)).toBe(expected);
      expect(await pdftotext(bytes)).toBe(expectedText);
    }
    expect(flatten(expectedText)).toContain('Zoë Quist-Wüller');
  });
});
