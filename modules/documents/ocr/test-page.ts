// Renders text into a PNG "scan" at a given resolution, for OCR tests.
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

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
