// Renders PDF pages to PNG for OCR with pdfjs-dist (legacy build, for Node) and @napi-rs/canvas.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Canvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * pdfjs requires @napi-rs/canvas itself and fills its Path2D polyfill from that instance.
 * A canvas from another instance (an ESM import here gives one under tsx) rejects pdfjs's
 * Path2D objects ("not a valid enum value of type CanvasFillRule"), so canvases come from
 * the document's own factory.
 */
interface CanvasFactory {
  create(width: number, height: number): { canvas: Canvas; context: unknown };
  destroy(canvasAndContext: { canvas: Canvas; context: unknown }): void;
}

export interface RasterPage {
  /** 1-based. */
  pageNumber: number;
  png: Buffer;
  /** Page size in PDF points, after rotation, as the reader shows it. */
  widthPt: number;
  heightPt: number;
}

export interface RasterizeOptions {
  dpi?: number;
  /** 1-based page numbers; default every page. */
  pages?: number[];
}

function pdfjsAssetUrl(folder: string): string {
  const require = createRequire(import.meta.url);
  return `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), folder)}/`;
}

/** Yields one page at a time so that only one page bitmap is in memory. */
export async function* rasterizePdf(
  pdf: Uint8Array,
  options: RasterizeOptions = {},
): AsyncGenerator<RasterPage> {
  const dpi = options.dpi ?? 300;
  const document = await getDocument({
    // pdfjs takes ownership of (detaches) the buffer it is given: pass a copy.
    data: new Uint8Array(pdf),
    standardFontDataUrl: pdfjsAssetUrl('standard_fonts'),
    cMapUrl: pdfjsAssetUrl('cmaps'),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages = options.pages ?? Array.from({ length: document.numPages }, (_, i) => i + 1);
    for (const pageNumber of pages) {
      const page = await document.getPage(pageNumber);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: dpi / 72 });
      const factory = document.canvasFactory as CanvasFactory;
      const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const { canvas } = target;
      const context = target.context as CanvasRenderingContext2D;
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({
        canvas: canvas as unknown as HTMLCanvasElement,
        canvasContext: context,
        viewport,
      }).promise;
      const png = await canvas.encode('png');
      factory.destroy(target);
      page.cleanup();
      yield {
        pageNumber,
        png,
        widthPt: base.width,
        heightPt: base.height,
      };
    }
  } finally {
    await document.destroy();
  }
}
