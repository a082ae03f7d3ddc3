// OCR of one scanned document (PDF, PNG or JPEG): per-page text and confidence, a searchable
// PDF, and identity codes proposed for linking to clients (a person confirms them).
import { findIdentityCodes } from '../../clients/identity-code';
import type { OcrPool } from './ocr-pool';
import { rasterizePdf } from './rasterize-pdf';
import { buildSearchablePdf, type ScanSource } from './searchable-pdf';

export type OcrMediaType = 'application/pdf' | 'image/png' | 'image/jpeg';

export type PageResult =
  | {
      pageNumber: number;
      status: 'done';
      text: string;
      confidence: number;
      /** Invisible-text PDF page; keep it to build the searchable PDF after retries. */
      textLayer?: Uint8Array;
    }
  | { pageNumber: number; status: 'failed'; error: string };

export interface OcrDocumentResult {
  pages: PageResult[];
  /** All recognised text, pages separated by form feeds. */
  text: string;
  /** Valid identity codes found anywhere in the text. */
  identityCodes: string[];
  /** Only when every page succeeded; retry the failed pages first. */
  searchablePdf?: Uint8Array;
}

export interface OcrDocumentOptions {
  /** Resolution for rasterising PDF pages and assumed for images; default 300. */
  dpi?: number;
  /** 1-based pages to (re)do; default all. Used to retry failed pages only. */
  pages?: number[];
  /** Build the searchable PDF (needs every page); default true. */
  searchablePdf?: boolean;
  onPage?: (result: PageResult) => void;
}

async function* pageImages(
  bytes: Uint8Array,
  mediaType: OcrMediaType,
  dpi: number,
  pages: number[] | undefined,
): AsyncGenerator<{ pageNumber: number; image: Buffer }> {
  if (mediaType === 'application/pdf') {
    for await (const page of rasterizePdf(bytes, { dpi, pages })) {
      yield { pageNumber: page.pageNumber, image: page.png };
    }
  } else if (!pages || pages.includes(1)) {
    yield { pageNumber: 1, image: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) };
  }
}

export async function ocrDocument(
  bytes: Uint8Array,
  mediaType: OcrMediaType,
  pool: OcrPool,
  options: OcrDocumentOptions = {},
): Promise<OcrDocumentResult> {
  const dpi = options.dpi ?? 300;
  const wantPdf = options.searchablePdf ?? true;
  const results: PageResult[] = [];
  const inFlight = new Set<Promise<void>>();

  // Rasterising runs here while earlier pages are recognised in the pool's workers; at most
  // one page per worker waits, so page images do not pile up in memory.
  for await (const { pageNumber, image } of pageImages(bytes, mediaType, dpi, options.pages)) {
    const job: Promise<void> = pool
      .recognize(image, { textLayer: wantPdf })
      .then(
        (ocr): PageResult => ({
          pageNumber,
          status: 'done',
          text: ocr.text,
          confidence: ocr.confidence,
          textLayer: ocr.textLayerPdf,
        }),
        (error: unknown): PageResult => ({
          pageNumber,
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .then((result) => {
        results.push(result);
        options.onPage?.(result);
      })
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
    if (inFlight.size > pool.workerCount) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);

  results.sort((a, b) => a.pageNumber - b.pageNumber);
  const text = results.map((page) => (page.status === 'done' ? page.text : '')).join('\f');
  const complete = results.every((page) => page.status === 'done') && !options.pages;
  let searchablePdf: Uint8Array | undefined;
  if (wantPdf && complete) {
    const source: ScanSource =
      mediaType === 'application/pdf'
        ? { kind: 'pdf', bytes }
        : { kind: mediaType === 'image/png' ? 'png' : 'jpeg', bytes, dpi };
    const layers = results.map((page) => (page.status === 'done' ? page.textLayer : undefined));
    searchablePdf = await buildSearchablePdf(source, layers);
  }
  return { pages: results, text, identityCodes: findIdentityCodes(text), searchablePdf };
}
