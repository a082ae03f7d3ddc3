// OCR of one page of a stored scan (the queue's unit of work) and, once every page has its
// text layer, the searchable PDF of the whole scan. PDF, TIFF (multi-page), PNG and JPEG.
import type { OcrPool, PageOcr } from './ocr-pool';
import { rasterizePdf } from './rasterize-pdf';
import { buildSearchablePdf } from './searchable-pdf';
import { tiffPage, tiffPages } from './tiff-pages';

export type ScanMediaType = 'application/pdf' | 'image/tiff' | 'image/png' | 'image/jpeg';

export function isScanMediaType(value: string): value is ScanMediaType {
  return ['application/pdf', 'image/tiff', 'image/png', 'image/jpeg'].includes(value);
}

/** The page as an image tesseract reads (PNG or JPEG bytes). */
export async function scanPageImage(
  bytes: Uint8Array,
  mediaType: ScanMediaType,
  pageNumber: number,
  dpi = 300,
): Promise<Buffer> {
  switch (mediaType) {
    case 'application/pdf': {
      for await (const page of rasterizePdf(bytes, { dpi, pages: [pageNumber] })) return page.png;
      throw new Error(`PDF has no page ${pageNumber}`);
    }
    case 'image/tiff':
      return tiffPage(bytes, pageNumber, dpi).png;
    default:
      if (pageNumber !== 1) throw new Error(`an image has one page, not ${pageNumber}`);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  }
}

/** Recognises one page; the result carries the page's invisible text layer. */
export async function ocrScanPage(
  bytes: Uint8Array,
  mediaType: ScanMediaType,
  pageNumber: number,
  pool: OcrPool,
  dpi = 300,
): Promise<PageOcr & { textLayerPdf: Uint8Array }> {
  const image = await scanPageImage(bytes, mediaType, pageNumber, dpi);
  const result = await pool.recognize(image, { textLayer: true });
  if (!result.textLayerPdf) throw new Error('OCR produced no text layer');
  return { ...result, textLayerPdf: result.textLayerPdf };
}

/** The scan with every page's text layer laid over it; `layers[i]` belongs to page i + 1. */
export async function assembleSearchablePdf(
  bytes: Uint8Array,
  mediaType: ScanMediaType,
  layers: Uint8Array[],
  dpi = 300,
): Promise<Uint8Array> {
  switch (mediaType) {
    case 'application/pdf':
      return buildSearchablePdf({ kind: 'pdf', bytes }, layers);
    case 'image/tiff': {
      const pages = (function* () {
        for (const page of tiffPages(bytes, dpi)) yield { png: page.png, dpi: page.dpi };
      })();
      return buildSearchablePdf({ kind: 'images', pages }, layers);
    }
    default:
      return buildSearchablePdf(
        { kind: mediaType === 'image/png' ? 'png' : 'jpeg', bytes, dpi },
        layers,
      );
  }
}
