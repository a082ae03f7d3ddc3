// Decides an upload's type from its bytes (PDF, TIFF, JPEG, PNG) and refuses anything else,
// broken or dangerous, with a code the UI translates. File names are never consulted.
import { crc32 } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFStream } from 'pdf-lib';

export type AcceptedMediaType = 'application/pdf' | 'image/tiff' | 'image/jpeg' | 'image/png';

export type RejectionCode =
  | 'empty'
  | 'too_large'
  | 'unsupported_type'
  | 'polyglot'
  | 'pdf_encrypted'
  | 'pdf_malformed'
  | 'pdf_active_content'
  | 'image_malformed'
  | 'dimensions_too_large'
  | 'too_many_pages';

/** The file is refused; `code` is for the UI, `message` for developers and logs. */
export class FileRejectedError extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'FileRejectedError';
  }
}

export interface SniffLimits {
  maxBytes: number;
  maxPages: number;
  /** Largest decoded image or rasterised page, in pixels (width × height). */
  maxPixels: number;
  /** Resolution PDF pages are rasterised at for OCR; bounds page size via maxPixels. */
  rasterDpi: number;
}

export const DEFAULT_SNIFF_LIMITS: SniffLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 300,
  // An A4 page at 600 dpi is about 35 million pixels.
  maxPixels: 60_000_000,
  rasterDpi: 300,
};

export interface SniffResult {
  mediaType: AcceptedMediaType;
  pageCount: number;
  /** Pixel size of the largest page, for images. */
  width?: number;
  height?: number;
}

const reject = (code: RejectionCode, message: string): never => {
  throw new FileRejectedError(code, message);
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Readers accept these anywhere near the start; finding one in another type is a polyglot. */
const HEAD_WINDOW = 1024;
const HTML_MARKERS = ['<html', '<script', '<!doctype', '<body', '<head', '<iframe', '<svg'];

function startsWith(bytes: Buffer, prefix: Buffer | number[]): boolean {
  const expected = Buffer.isBuffer(prefix) ? prefix : Buffer.from(prefix);
  return bytes.length >= expected.length && bytes.subarray(0, expected.length).equals(expected);
}

function detectType(bytes: Buffer): AcceptedMediaType | undefined {
  if (startsWith(bytes, Buffer.from('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'image/tiff';
  }
  return undefined;
}

/** A ZIP end-of-central-directory record whose directory lies inside the file. */
function hasZipDirectory(bytes: Buffer): boolean {
  const from = Math.max(0, bytes.length - (65_535 + 22));
  for (let at = bytes.length - 22; at >= from; at--) {
    if (bytes.readUInt32LE(at) !== 0x06054b50) continue;
    const size = bytes.readUInt32LE(at + 12);
    const offset = bytes.readUInt32LE(at + 16);
    if (offset + size <= at) return true;
  }
  return false;
}

function checkPolyglot(bytes: Buffer, type: AcceptedMediaType): void {
  const head = bytes.subarray(0, HEAD_WINDOW).toString('latin1').toLowerCase();
  const marker = HTML_MARKERS.find((m) => head.includes(m));
  if (marker) reject('polyglot', `${type} file also reads as HTML (${marker})`);
  if (type !== 'application/pdf' && head.includes('%pdf-')) {
    reject('polyglot', `${type} file also carries a PDF header`);
  }
  if (bytes.length >= 22 && hasZipDirectory(bytes)) {
    reject('polyglot', `${type} file also reads as a ZIP archive`);
  }
}

// ---------------------------------------------------------------------------------- PNG

function sniffPng(bytes: Buffer, limits: SniffLimits): SniffResult {
  let at = PNG_SIGNATURE.length;
  let width = 0;
  let height = 0;
  let ended = false;
  while (!ended) {
    if (at + 12 > bytes.length) reject('image_malformed', 'PNG ends before its IEND chunk');
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > bytes.length)
      reject('image_malformed', `PNG chunk ${type} is truncated`);
    const crc = bytes.readUInt32BE(at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== crc) {
      reject('image_malformed', `PNG chunk ${type} fails its CRC`);
    }
    if (at === PNG_SIGNATURE.length) {
      if (type !== 'IHDR' || length !== 13)
        reject('image_malformed', 'PNG does not start with IHDR');
      width = bytes.readUInt32BE(at + 8);
      height = bytes.readUInt32BE(at + 12);
    }
    ended = type === 'IEND';
    at += 12 + length;
  }
  if (at !== bytes.length) reject('polyglot', `PNG has ${bytes.length - at} bytes after IEND`);
  checkPixels(width, height, limits, 'PNG');
  return { mediaType: 'image/png', pageCount: 1, width, height };
}

function checkPixels(width: number, height: number, limits: SniffLimits, what: string): void {
  if (width <= 0 || height <= 0) reject('image_malformed', `${what} has no pixel size`);
  if (width * height > limits.maxPixels) {
    reject(
      'dimensions_too_large',
      `${what} is ${width}×${height} pixels; the limit is ${limits.maxPixels} pixels`,
    );
  }
}

// --------------------------------------------------------------------------------- JPEG

const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function sniffJpeg(bytes: Buffer, limits: SniffLimits): SniffResult {
  let at = 2;
  let width = 0;
  let height = 0;
  for (;;) {
    if (at + 2 > bytes.length)
      reject('image_malformed', 'JPEG ends before its end-of-image marker');
    if (bytes[at] !== 0xff) reject('image_malformed', `JPEG marker expected at byte ${at}`);
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) reject('image_malformed', `JPEG segment at byte ${at} is truncated`);
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) {
      reject('image_malformed', `JPEG segment at byte ${at} is truncated`);
    }
    if (isStartOfFrame(marker)) {
      if (length < 7) reject('image_malformed', 'JPEG frame header is too short');
      height = bytes.readUInt16BE(at + 5);
      width = bytes.readUInt16BE(at + 7);
    }
    at += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 00 or a restart.
      while (at + 1 < bytes.length) {
        if (bytes[at] === 0xff) {
          const next = bytes[at + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        at++;
      }
    }
  }
  if (width === 0) reject('image_malformed', 'JPEG has no frame header');
  checkPixels(width, height, limits, 'JPEG');
  return { mediaType: 'image/jpeg', pageCount: 1, width, height };
}

// --------------------------------------------------------------------------------- TIFF

function sniffTiff(bytes: Buffer, limits: SniffLimits): SniffResult {
  const little = bytes[0] === 0x49;
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  if (bytes.length < 8) reject('image_malformed', 'TIFF header is truncated');
  let offset = u32(4);
  const seen = new Set<number>();
  let pages = 0;
  let widest = { width: 0, height: 0 };
  while (offset !== 0) {
    if (seen.has(offset)) reject('image_malformed', 'TIFF directories form a loop');
    seen.add(offset);
    if (offset + 2 > bytes.length)
      reject('image_malformed', 'TIFF directory lies outside the file');
    const count = u16(offset);
    const end = offset + 2 + count * 12;
    if (end + 4 > bytes.length) reject('image_malformed', 'TIFF directory is truncated');
    let width = 0;
    let height = 0;
    for (let entry = offset + 2; entry < end; entry += 12) {
      const tag = u16(entry);
      if (tag !== 256 && tag !== 257) continue;
      const type = u16(entry + 2);
      const value = type === 3 ? u16(entry + 8) : type === 4 ? u32(entry + 8) : -1;
      if (value < 0) reject('image_malformed', 'TIFF image size has an unexpected type');
      if (tag === 256) width = value;
      else height = value;
    }
    pages++;
    if (pages > limits.maxPages) {
      reject('too_many_pages', `TIFF has more than ${limits.maxPages} pages`);
    }
    checkPixels(width, height, limits, `TIFF page ${pages}`);
    if (width * height > widest.width * widest.height) widest = { width, height };
    offset = u32(end);
  }
  if (pages === 0) reject('image_malformed', 'TIFF has no images');
  return { mediaType: 'image/tiff', pageCount: pages, ...widest };
}

// ---------------------------------------------------------------------------------- PDF

const ACTIVE_ACTIONS = new Set(['JavaScript', 'Launch', 'ImportData', 'RichMediaExecute']);

function nameOf(value: unknown): string | undefined {
  return value instanceof PDFName ? value.decodeText() : undefined;
}

function numberOf(dict: PDFDict, key: string): number {
  const value = dict.lookup(PDFName.of(key));
  return value instanceof PDFNumber ? value.asNumber() : 0;
}

/** Checks a dictionary and the direct (inline) dictionaries and arrays nested in it. */
function inspectPdfDict(dict: PDFDict, limits: SniffLimits, depth: number): void {
  if (depth > 32) reject('pdf_malformed', 'PDF objects are nested too deeply');
  if (dict.has(PDFName.of('JS')) || ACTIVE_ACTIONS.has(nameOf(dict.get(PDFName.of('S'))) ?? '')) {
    reject('pdf_active_content', 'PDF contains JavaScript or launch actions');
  }
  const names = dict.get(PDFName.of('JavaScript'));
  if (names !== undefined && nameOf(names) === undefined) {
    reject('pdf_active_content', 'PDF contains document-level JavaScript');
  }
  if (nameOf(dict.get(PDFName.of('Subtype'))) === 'Image') {
    const width = numberOf(dict, 'Width');
    const height = numberOf(dict, 'Height');
    if (width * height > limits.maxPixels) {
      reject('dimensions_too_large', `PDF embeds a ${width}×${height} pixel image`);
    }
  }
  const visit = (value: unknown) => {
    if (value instanceof PDFDict) inspectPdfDict(value, limits, depth + 1);
    else if (value instanceof PDFArray) value.asArray().forEach(visit);
  };
  for (const [, value] of dict.entries()) visit(value);
}

async function sniffPdf(bytes: Buffer, limits: SniffLimits): Promise<SniffResult> {
  // A PDF ends with %%EOF; readers ignore what follows, so data there is a second file.
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0 || !tail.includes('startxref')) {
    reject('pdf_malformed', 'PDF has no end-of-file marker: truncated or damaged');
  }
  // Whitespace and NUL padding (some scanners write it) are not a second file.
  if (/[^\s\0]/.test(tail.slice(eof + 5))) {
    reject('polyglot', 'PDF has data after its end-of-file marker');
  }

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      throwOnInvalidObject: true,
      updateMetadata: false,
    });
  } catch (error) {
    return reject('pdf_malformed', `PDF cannot be parsed: ${(error as Error).message}`);
  }
  if (doc.isEncrypted) reject('pdf_encrypted', 'PDF is encrypted or password-protected');

  let pageCount = 0;
  try {
    pageCount = doc.getPageCount();
  } catch (error) {
    reject('pdf_malformed', `PDF page tree is broken: ${(error as Error).message}`);
  }
  if (pageCount === 0) reject('pdf_malformed', 'PDF has no pages');
  if (pageCount > limits.maxPages) {
    reject('too_many_pages', `PDF has ${pageCount} pages; the limit is ${limits.maxPages}`);
  }
  const scale = limits.rasterDpi / 72;
  for (const [index, page] of doc.getPages().entries()) {
    let size = { width: 0, height: 0 };
    try {
      size = page.getSize();
    } catch (error) {
      reject('pdf_malformed', `PDF page ${index + 1} has no size: ${(error as Error).message}`);
    }
    if (size.width * scale * size.height * scale > limits.maxPixels) {
      reject('dimensions_too_large', `PDF page ${index + 1} is ${size.width}×${size.height} pt`);
    }
  }

  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFStream) inspectPdfDict(object.dict, limits, 0);
    else if (object instanceof PDFDict) inspectPdfDict(object, limits, 0);
    else if (object instanceof PDFArray) {
      inspectPdfDict(doc.context.obj({ Items: object }), limits, 0);
    }
  }
  return { mediaType: 'application/pdf', pageCount };
}

// -------------------------------------------------------------------------------- entry

/** Returns the type and page count, or throws FileRejectedError. */
export async function sniffBytes(
  input: Uint8Array,
  limits: SniffLimits = DEFAULT_SNIFF_LIMITS,
): Promise<SniffResult> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length === 0) reject('empty', 'The file is empty');
  if (bytes.length > limits.maxBytes) {
    reject('too_large', `The file is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
  const type = detectType(bytes);
  if (!type) {
    if (bytes.subarray(0, HEAD_WINDOW).includes('%PDF-')) {
      reject('polyglot', 'A PDF header follows other content at the start of the file');
    }
    return reject('unsupported_type', 'Only PDF, TIFF, JPEG and PNG files are accepted');
  }
  checkPolyglot(bytes, type);
  switch (type) {
    case 'application/pdf':
      return sniffPdf(bytes, limits);
    case 'image/png':
      return sniffPng(bytes, limits);
    case 'image/jpeg':
      return sniffJpeg(bytes, limits);
    case 'image/tiff':
      return sniffTiff(bytes, limits);
  }
}
