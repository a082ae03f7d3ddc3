// The OCR job for one stored scan: reads it from storage, recognises the requested pages,
// keeps each page's text layer as a derived object, and stores the searchable PDF as soon
// as every page has a layer, so a failed page is retried alone.
import { buffer } from 'node:stream/consumers';
import { PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import type { ObjectStore, StoredObject } from '../../../storage/port';
import { ocrDocument, type PageResult } from './ocr-document';
import type { OcrPool } from './ocr-pool';
import { buildSearchablePdf, type ScanSource } from './searchable-pdf';

export const OcrScanPayload = z.object({
  objectKey: z.string().min(1),
  mediaType: z.enum(['application/pdf', 'image/png', 'image/jpeg']),
  /** 1-based pages to recognise; default all. */
  pages: z.array(z.number().int().positive()).optional(),
  /** Text layers of pages done in earlier runs, by page number. */
  textLayerKeys: z.record(z.string(), z.string()).default({}),
  dpi: z.number().int().min(72).max(1200).default(300),
});
export type OcrScanPayload = z.input<typeof OcrScanPayload>;

export type StoredPageResult =
  | { pageNumber: number; status: 'done'; text: string; confidence: number; textLayerKey?: string }
  | { pageNumber: number; status: 'failed'; error: string };

export interface OcrScanOutcome {
  pageCount: number;
  pages: StoredPageResult[];
  /** Text layers of every page done so far, to pass to a retry. */
  textLayerKeys: Record<string, string>;
  identityCodes: string[];
  /** Set once every page has a text layer. */
  searchablePdf?: StoredObject;
}

/** Job definition for the worker process (payload validated at the edge). */
export const ocrScanJob = {
  id: 'documents.ocr-scan',
  payload: OcrScanPayload,
  handler: () => import('./ocr-stored-scan').then((module) => module.ocrStoredScan),
} as const;

async function readAll(store: ObjectStore, key: string): Promise<Uint8Array> {
  // A full read: the store verifies the SHA-256 before the bytes are used.
  return new Uint8Array(await buffer(await store.get(key)));
}

export async function ocrStoredScan(
  input: OcrScanPayload,
  deps: { store: ObjectStore; pool: OcrPool; onPage?: (page: PageResult) => void },
): Promise<OcrScanOutcome> {
  const payload = OcrScanPayload.parse(input);
  const { store, pool } = deps;
  const source = await readAll(store, payload.objectKey);
  const pageCount =
    payload.mediaType === 'application/pdf'
      ? (await PDFDocument.load(source, { updateMetadata: false })).getPageCount()
      : 1;

  const result = await ocrDocument(source, payload.mediaType, pool, {
    dpi: payload.dpi,
    pages: payload.pages,
    searchablePdf: true,
    onPage: deps.onPage,
  });

  const textLayerKeys: Record<string, string> = { ...payload.textLayerKeys };
  const pages: StoredPageResult[] = [];
  for (const page of result.pages) {
    if (page.status === 'failed') {
      pages.push(page);
      continue;
    }
    const { textLayer, ...rest } = page;
    let textLayerKey: string | undefined;
    if (textLayer) {
      textLayerKey = (await store.put([textLayer], { contentType: 'application/pdf' })).key;
      textLayerKeys[String(page.pageNumber)] = textLayerKey;
    }
    pages.push({ ...rest, textLayerKey });
  }

  let searchablePdf: StoredObject | undefined;
  const allLayers = Array.from({ length: pageCount }, (_, i) => textLayerKeys[String(i + 1)]);
  if (allLayers.every((key): key is string => key !== undefined)) {
    const layers = await Promise.all(allLayers.map((key) => readAll(store, key)));
    const scan: ScanSource =
      payload.mediaType === 'application/pdf'
        ? { kind: 'pdf', bytes: source }
        : {
            kind: payload.mediaType === 'image/png' ? 'png' : 'jpeg',
            bytes: source,
            dpi: payload.dpi,
          };
    const pdf = await buildSearchablePdf(scan, layers);
    searchablePdf = await store.put([pdf], { size: pdf.length, contentType: 'application/pdf' });
  }
  return { pageCount, pages, textLayerKeys, identityCodes: result.identityCodes, searchablePdf };
}
