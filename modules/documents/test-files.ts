// Crafted files for upload tests: valid minimal files and hostile or broken ones.
import { crc32, deflateSync } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A PNG whose header claims `width`×`height`; the pixel data is one tiny row. */
export function png(width: number, height: number, extraChunks: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...extraChunks,
    pngChunk('IDAT', deflateSync(Buffer.alloc(1 + 3 * width))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function jpeg(): Buffer {
  const canvas = createCanvas(40, 30);
  const context = canvas.getContext('2d');
  context.fillStyle = '#336699';
  context.fillRect(0, 0, 40, 30);
  return canvas.toBuffer('image/jpeg');
}

/** Little-endian TIFF with one directory per size; `loop` points the last back at the first. */
export function tiff(sizes: [number, number][], loop = false): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  let offset = 8;
  sizes.forEach(([width, height], index) => {
    const ifd = Buffer.alloc(2 + 2 * 12 + 4);
    ifd.writeUInt16LE(2, 0);
    [
      [256, width],
      [257, height],
    ].forEach(([tag, value], entry) => {
      const at = 2 + entry * 12;
      ifd.writeUInt16LE(tag!, at);
      ifd.writeUInt16LE(4, at + 2); // LONG
      ifd.writeUInt32LE(1, at + 4);
      ifd.writeUInt32LE(value!, at + 8);
    });
    const last = index === sizes.length - 1;
    ifd.writeUInt32LE(last ? (loop ? 8 : 0) : offset + ifd.length, 26);
    parts.push(ifd);
    offset += ifd.length;
  });
  return Buffer.concat([header, ...parts]);
}

/** An empty ZIP archive: just its end-of-central-directory record. */
export const zip = () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);

export async function pdf(build?: (doc: PDFDocument) => void, pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Sivu ${i + 1}`);
  build?.(doc);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A PDF whose trailer declares standard encryption (enough for every reader to ask for a password). */
export const encryptedPdf = () =>
  pdf((doc) => {
    doc.context.trailerInfo.Encrypt = doc.context.register(
      doc.context.obj({
        Filter: 'Standard',
        V: 1,
        R: 2,
        O: PDFHexString.of('00'.repeat(32)),
        U: PDFHexString.of('11'.repeat(32)),
        P: -44,
      }),
    );
  });

/** A PDF that runs JavaScript when opened. */
export const javascriptPdf = () =>
  pdf((doc) => {
    doc.catalog.set(
      PDFName.of('OpenAction'),
      doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }),
    );
  });
