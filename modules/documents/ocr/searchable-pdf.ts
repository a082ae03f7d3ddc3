// Lays tesseract's invisible text layers over the scanned pages: the scan stays as it was,
// and readers and pdftotext find the OCR text.
import { degrees, PDFDocument, type PDFPage } from 'pdf-lib';

export type ScanSource =
  | { kind: 'pdf'; bytes: Uint8Array }
  | { kind: 'png' | 'jpeg'; bytes: Uint8Array; dpi: number }
  /** Page images (e.g. decoded from a multi-page TIFF), each with its own resolution. */
  | { kind: 'images'; pages: Iterable<{ png: Uint8Array; dpi: number }> };

async function overlay(doc: PDFDocument, page: PDFPage, textLayerPdf: Uint8Array): Promise<void> {
  const [layer] = await doc.embedPdf(textLayerPdf, [0]);
  if (!layer) return;
  const { x, y, width, height } = page.getCropBox();
  // The layer was recognised from the page as the reader shows it, i.e. after /Rotate turned
  // it clockwise; in page space it is drawn turned back (pdf-lib rotates anticlockwise).
  const rotation = (((page.getRotation().angle % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  const view = rotation % 180 === 0 ? { width, height } : { width: height, height: width };
  const origin = {
    0: { x, y },
    90: { x: x + width, y },
    180: { x: x + width, y: y + height },
    270: { x, y: y + height },
  }[rotation];
  page.drawPage(layer, { ...origin, ...view, rotate: degrees(rotation) });
}

/** `textLayers[i]` belongs to page i + 1; a missing layer leaves that page image-only. */
export async function buildSearchablePdf(
  source: ScanSource,
  textLayers: (Uint8Array | undefined)[],
): Promise<Uint8Array> {
  if (source.kind === 'pdf') {
    const doc = await PDFDocument.load(source.bytes, { updateMetadata: false });
    const pages = doc.getPages();
    for (const [index, layer] of textLayers.entries()) {
      const page = pages[index];
      if (page && layer) await overlay(doc, page, layer);
    }
    return doc.save();
  }
  const doc = await PDFDocument.create();
  if (source.kind === 'images') {
    let index = 0;
    for (const { png, dpi } of source.pages) {
      const image = await doc.embedPng(png);
      const scale = 72 / dpi;
      const page = doc.addPage([image.width * scale, image.height * scale]);
      page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
      const layer = textLayers[index++];
      if (layer) await overlay(doc, page, layer);
    }
    return doc.save();
  }
  const image =
    source.kind === 'png' ? await doc.embedPng(source.bytes) : await doc.embedJpg(source.bytes);
  const scale = 72 / source.dpi;
  const page = doc.addPage([image.width * scale, image.height * scale]);
  page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  const layer = textLayers[0];
  if (layer) await overlay(doc, page, layer);
  return doc.save();
}
