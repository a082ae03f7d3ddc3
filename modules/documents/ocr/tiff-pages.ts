// Decodes the pages of a (multi-page) TIFF with utif2 into PNGs for OCR and for the searchable
// PDF. One page is decoded at a time: a scanner's A4 page at 300 dpi is about 35 MB as RGBA.
import { createCanvas, ImageData } from '@napi-rs/canvas';
import UTIF from 'utif2';

export interface TiffPage {
  /** 1-based. */
  pageNumber: number;
  png: Buffer;
  width: number;
  height: number;
  /** From the page's resolution tags; `fallbackDpi` when it states none. */
  dpi: number;
}

type Ifd = UTIF.IFD;

function rational(value: unknown): number | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const first: unknown = value[0];
  const [numerator, denominator] = Array.isArray(first)
    ? [Number(first[0]), Number(first[1] ?? 1)]
    : [Number(first), Number(value[1] ?? 1)];
  const result = numerator / denominator;
  return Number.isFinite(result) && result > 0 ? result : undefined;
}

function dpiOf(ifd: Ifd, fallbackDpi: number): number {
  const x = rational(ifd.t282);
  if (!x) return fallbackDpi;
  const unit = Array.isArray(ifd.t296) ? Number(ifd.t296[0]) : 2;
  // 2 = inch (the default), 3 = centimetre, 1 = no absolute unit.
  if (unit === 3) return Math.round(x * 2.54);
  if (unit === 1) return fallbackDpi;
  return Math.round(x);
}

/** Image directories only (utif2 also returns EXIF and other sub-directories without size). */
function pageDirectories(bytes: Uint8Array): Ifd[] {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return UTIF.decode(buffer as ArrayBuffer).filter((ifd) => ifd.t256 !== undefined);
}

export function tiffPageCount(bytes: Uint8Array): number {
  return pageDirectories(bytes).length;
}

function render(bytes: Uint8Array, ifd: Ifd, pageNumber: number, fallbackDpi: number): TiffPage {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  UTIF.decodeImage(buffer as ArrayBuffer, ifd);
  const { width, height } = ifd;
  if (!width || !height) throw new Error(`TIFF page ${pageNumber} has no image data`);
  const rgba = UTIF.toRGBA8(ifd);
  const canvas = createCanvas(width, height);
  const pixels = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, width * height * 4);
  canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
  const png = canvas.toBuffer('image/png');
  // Release the decoded pixels held on the directory object.
  (ifd as { data?: Uint8Array }).data = undefined;
  return { pageNumber, png, width, height, dpi: dpiOf(ifd, fallbackDpi) };
}

/** One page (1-based) of a TIFF as PNG. */
export function tiffPage(bytes: Uint8Array, pageNumber: number, fallbackDpi = 300): TiffPage {
  const ifd = pageDirectories(bytes)[pageNumber - 1];
  if (!ifd) throw new Error(`TIFF has no page ${pageNumber}`);
  return render(bytes, ifd, pageNumber, fallbackDpi);
}

/** Every page in order, one decoded at a time. */
export function* tiffPages(bytes: Uint8Array, fallbackDpi = 300): Generator<TiffPage> {
  const directories = pageDirectories(bytes);
  for (const [index, ifd] of directories.entries()) {
    yield render(bytes, ifd, index + 1, fallbackDpi);
  }
}
