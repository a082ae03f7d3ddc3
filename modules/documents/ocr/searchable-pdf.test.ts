import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdftotextWords } from '../pdf/test-helpers';
import { buildSearchablePdf } from './searchable-pdf';

const VIEW = { width: 400, height: 250 };

/** A stand-in for tesseract's text layer: one word 50 pt from the shown page's top left. */
async function textLayer(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([VIEW.width, VIEW.height]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Merkintä', { x: 50, y: VIEW.height - 50 - 10, size: 10, font });
  return doc.save();
}

describe('buildSearchablePdf', () => {
  it.each([0, 90, 180, 270])(
    'lays the text layer over a page shown with /Rotate %i',
    async (rotation) => {
      const scan = await PDFDocument.create();
      const sideways = rotation % 180 !== 0;
      const page = scan.addPage(sideways ? [VIEW.height, VIEW.width] : [VIEW.width, VIEW.height]);
      page.setRotation(degrees(rotation));
      const searchable = await buildSearchablePdf({ kind: 'pdf', bytes: await scan.save() }, [
        await textLayer(),
      ]);
      const [word] = await pdftotextWords(searchable);
      expect(word?.word).toBe('Merkintä');
      expect(Math.abs(word!.xMin - 50)).toBeLessThan(2);
      expect(Math.abs(word!.yMin - 50)).toBeLessThan(4);
    },
  );
});
