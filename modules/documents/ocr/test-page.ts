// Renders text into PNG and multi-page TIFF "scans" at a given resolution, for OCR tests.
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts, Image } from '@napi-rs/canvas';
import UTIF from 'utif2';

let registered = false;

function registerFont() {
  if (registered) return;
  const require = createRequire(import.meta.url);
  const directory = path.join(
    path.dirname(require.resolve('dejavu-fonts-ttf/package.json')),
    'ttf',
  );
  GlobalFonts.registerFromPath(path.join(directory, 'DejaVuSans.ttf'), 'DejaVu Sans');
  registered = true;
}

/** Black 12 pt text on white, `dpi` pixels per inch, one line per entry, as PNG bytes. */
export function renderTextPage(
  lines: string[],
  options: { dpi?: number; widthMm?: number } = {},
): Buffer {
  registerFont();
  const dpi = options.dpi ?? 300;
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const fontPx = Math.round((12 / 72) * dpi);
  const lineHeight = Math.round(fontPx * 1.5);
  const width = px(options.widthMm ?? 210);
  const height = px(20) * 2 + lines.length * lineHeight;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000000';
  context.font = `${fontPx}px "DejaVu Sans"`;
  context.textBaseline = 'top';
  lines.forEach((line, index) => context.fillText(line, px(20), px(20) + index * lineHeight));
  return canvas.toBuffer('image/png');
}

/**
 * A multi-page TIFF "scan" (uncompressed 8-bit grey, `dpi` in its resolution tags), one page
 * per entry of `pages`, written with utif2's directory encoder.
 */
export function renderTextTiff(pages: string[][], options: { dpi?: number } = {}): Buffer {
  const dpi = options.dpi ?? 300;
  const images = pages.map((lines) => {
    const png = renderTextPage(lines, { dpi });
    const image = new Image();
    image.src = png;
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const rgba = context.getImageData(0, 0, image.width, image.height).data;
    const grey = new Uint8Array(image.width * image.height);
    for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4]!;
    return { width: image.width, height: image.height, grey };
  });
  const headerSize = 4096;
  let offset = headerSize;
  const directories = images.map(({ width, height }) => {
    const directory = {
      t256: [width],
      t257: [height],
      t258: [8],
      t259: [1],
      t262: [1],
      t273: [offset],
      t277: [1],
      t278: [height],
      t279: [width * height],
      t282: [[dpi, 1]],
      t283: [[dpi, 1]],
      t296: [2],
    };
    offset += width * height;
    return directory;
  });
  const header = new Uint8Array(UTIF.encode(directories as unknown as UTIF.IFD[]));
  if (header.length > headerSize) throw new Error('TIFF directories do not fit the header');
  const file = Buffer.alloc(offset);
  file.set(header, 0);
  let at = headerSize;
  for (const { grey } of images) {
    file.set(grey, at);
    at += grey.length;
  }
  return file;
}
