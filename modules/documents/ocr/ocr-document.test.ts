import { degrees, PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten, pdftotext, pdftotextWords } from '../pdf/test-helpers';
import { ocrDocument, type PageResult } from './ocr-document';
import { createOcrPool, type OcrPool } from './ocr-pool';
import { renderTextPage } from './test-page';

const FINNISH = [
  'Hakemus perustoimeentulotuesta',
  'Hakija: Äimä Öhman, henkilötunnus 131052-308T',
  'Liitteenä tiliote ja vuokrasopimus.',
  'Väärä tunnus 131052-308U ei kelpaa.',
];
const SWEDISH = [
  'Ansökan om utkomststöd',
  'Sökande: Åsa Ström, Tavastehus',
  'Bilagor: kontoutdrag och hyresavtal.',
];

/** Character error rate: edit distance over the length of the expected text. */
function characterErrorRate(expected: string, actual: string): number {
  const a = flatten(expected).trim();
  const b = flatten(actual).trim();
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]! / a.length;
}

let pool: OcrPool;

beforeAll(async () => {
  pool = await createOcrPool();
});

afterAll(async () => {
  await pool?.terminate();
});

describe('ocrDocument', () => {
  it('reads a 300 dpi Finnish scan with under 1% character errors and proposes only the valid identity code', async () => {
    const scan = renderTextPage(FINNISH);
    const pages: PageResult[] = [];
    const result = await ocrDocument(scan, 'image/png', pool, { onPage: (p) => pages.push(p) });

    expect(pages).toHaveLength(1);
    const [page] = result.pages;
    expect(page?.status).toBe('done');
    expect(page?.status === 'done' && page.confidence).toBeGreaterThan(80);
    expect(characterErrorRate(FINNISH.join(' '), result.text)).toBeLessThan(0.01);
    expect(result.identityCodes).toEqual(['131052-308T']);

    const searchable = flatten(await pdftotext(result.searchablePdf!));
    expect(searchable).toContain('Äimä Öhman');
    expect(searchable).toContain('131052-308T');
  });

  it('turns a two-page image-only PDF into a searchable PDF whose words lie on the scanned words, also on a rotated page', async () => {
    const scanned = await PDFDocument.create();
    for (const [lines, rotation] of [
      [FINNISH, 0],
      [SWEDISH, 90],
    ] as const) {
      const image = await scanned.embedPng(renderTextPage([...lines]));
      const size = { width: (image.width * 72) / 300, height: (image.height * 72) / 300 };
      if (rotation === 0) {
        const page = scanned.addPage([size.width, size.height]);
        page.drawImage(image, { x: 0, y: 0, ...size });
      } else {
        // Stored sideways and turned upright by /Rotate, as phone scanner apps do.
        const page = scanned.addPage([size.height, size.width]);
        page.drawImage(image, { x: size.height, y: 0, ...size, rotate: degrees(90) });
        page.setRotation(degrees(90));
      }
    }
    const bytes = await scanned.save();
    expect((await pdftotext(bytes)).trim()).toBe('');

    const result = await ocrDocument(bytes, 'application/pdf', pool);

    expect(result.pages.map((p) => [p.pageNumber, p.status])).toEqual([
      [1, 'done'],
      [2, 'done'],
    ]);
    expect(characterErrorRate(SWEDISH.join(' '), result.text.split('\f')[1]!)).toBeLessThan(0.01);
    // -raw: content order; the default layout analysis splits the rotated page's lines.
    const text = flatten(await pdftotext(result.searchablePdf!, ['-raw']));
    expect(text).toContain('Ansökan om utkomststöd');
    expect(text).toContain('Hakemus perustoimeentulotuesta');
    // renderTextPage starts the first line 20 mm from the top left corner.
    const margin = (20 / 25.4) * 72;
    const words = await pdftotextWords(result.searchablePdf!);
    for (const [page, word] of [
      [1, 'Hakemus'],
      [2, 'Ansökan'],
    ] as const) {
      const box = words.find((w) => w.page === page && w.word === word);
      expect(box, `${word} on page ${page}`).toBeDefined();
      expect(Math.abs(box!.xMin - margin)).toBeLessThan(6);
      expect(Math.abs(box!.yMin - margin)).toBeLessThan(12);
    }
    const merged = await PDFDocument.load(result.searchablePdf!);
    expect(merged.getPageCount()).toBe(2);
  });

  it('a page that cannot be read is reported as failed and no searchable PDF is built', async () => {
    const broken = Buffer.concat([renderTextPage(['x']).subarray(0, 40), Buffer.alloc(200, 7)]);
    const result = await ocrDocument(broken, 'image/png', pool);
    expect(result.pages).toEqual([expect.objectContaining({ pageNumber: 1, status: 'failed' })]);
    expect(result.searchablePdf).toBeUndefined();
    // The pool keeps working after a failed page.
    const again = await ocrDocument(renderTextPage(['Uusi yritys']), 'image/png', pool);
    expect(again.pages[0]?.status).toBe('done');
  });
});
