import { PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderLetter } from './pdf/render-letter';
import { DEFAULT_SNIFF_LIMITS, FileRejectedError, sniffBytes, type RejectionCode } from './sniff';
import { encryptedPdf, jpeg, pdf, png, pngChunk, tiff, zip } from './test-files';

async function expectRejected(
  bytes: Uint8Array,
  code: RejectionCode,
  limits = DEFAULT_SNIFF_LIMITS,
): Promise<void> {
  const error = await sniffBytes(bytes, limits).then(
    (result) => result,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FileRejectedError);
  expect((error as FileRejectedError).code).toBe(code);
}

// -------------------------------------------------------------------------- tests

describe('sniffBytes accepts', () => {
  it('a PDF, with its page count', async () => {
    expect(await sniffBytes(await pdf(undefined, 3))).toEqual({
      mediaType: 'application/pdf',
      pageCount: 3,
    });
  });

  it('letters this system generates', async () => {
    const letter = await renderLetter({
      organisation: { name: 'Kunta', addressLines: [] },
      locale: 'sv',
      title: 'Beslut',
      date: new Date(),
      paragraphs: ['Åtgärd'],
    });
    expect(await sniffBytes(letter)).toEqual({ mediaType: 'application/pdf', pageCount: 1 });
  });

  it('a PDF padded with NUL bytes after %%EOF, as some scanners write it', async () => {
    const padded = Buffer.concat([await pdf(), Buffer.alloc(512)]);
    expect(await sniffBytes(padded)).toMatchObject({ mediaType: 'application/pdf' });
  });

  it('PNG and JPEG images, with their pixel size', async () => {
    expect(await sniffBytes(png(3, 2))).toMatchObject({
      mediaType: 'image/png',
      width: 3,
      height: 2,
    });
    expect(await sniffBytes(jpeg())).toMatchObject({
      mediaType: 'image/jpeg',
      pageCount: 1,
      width: 40,
      height: 30,
    });
  });

  it('a multi-page TIFF, counting its pages', async () => {
    expect(
      await sniffBytes(
        tiff([
          [2480, 3508],
          [2480, 3508],
        ]),
      ),
    ).toMatchObject({ mediaType: 'image/tiff', pageCount: 2, width: 2480, height: 3508 });
  });
});

describe('sniffBytes refuses', () => {
  it('an empty file', () => expectRejected(new Uint8Array(0), 'empty'));

  it('a file over the size limit', async () =>
    expectRejected(png(1, 1), 'too_large', { ...DEFAULT_SNIFF_LIMITS, maxBytes: 20 }));

  it('HTML named .pdf, SVG named .png, a GIF and a ZIP renamed to .pdf', async () => {
    await expectRejected(
      Buffer.from('<!DOCTYPE html><html><body>lasku.pdf</body></html>'),
      'unsupported_type',
    );
    await expectRejected(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'unsupported_type',
    );
    await expectRejected(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'unsupported_type');
    await expectRejected(
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40), zip()]),
      'unsupported_type',
    );
  });

  it('HTML that carries a PDF header further on (polyglot)', async () => {
    const bytes = Buffer.concat([Buffer.from('<html><script>alert(1)</script>\n'), await pdf()]);
    await expectRejected(bytes, 'polyglot');
  });

  it('a PDF with a ZIP archive appended after %%EOF (polyglot)', async () =>
    expectRejected(Buffer.concat([await pdf(), zip()]), 'polyglot'));

  it('a PDF with other data after %%EOF', async () =>
    expectRejected(
      Buffer.concat([await pdf(), Buffer.from('\nGIF89a hidden payload')]),
      'polyglot',
    ));

  it('a PNG with a ZIP archive appended (polyglot)', async () =>
    expectRejected(Buffer.concat([png(2, 2), zip()]), 'polyglot'));

  it('a PNG with bytes after IEND', async () =>
    expectRejected(Buffer.concat([png(2, 2), Buffer.from('trailing')]), 'polyglot'));

  it('a PNG whose text chunk holds an HTML script (polyglot)', async () =>
    expectRejected(
      png(2, 2, [pngChunk('tEXt', Buffer.from('Comment\0<script>fetch("//x")</script>'))]),
      'polyglot',
    ));

  it('a JPEG with a PDF header in its comment segment (polyglot)', async () => {
    const image = jpeg();
    const comment = Buffer.from('%PDF-1.7 1 0 obj');
    const segment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
    await expectRejected(
      Buffer.concat([image.subarray(0, 2), segment, image.subarray(2)]),
      'polyglot',
    );
  });

  it('a truncated PDF', async () => {
    const whole = await pdf(undefined, 2);
    await expectRejected(whole.subarray(0, Math.floor(whole.length / 2)), 'pdf_malformed');
  });

  it('a PDF header followed by garbage', async () =>
    expectRejected(
      Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnot a pdf\nstartxref\n0\n%%EOF\n', 'latin1'),
      'pdf_malformed',
    ));

  it('an encrypted PDF', async () => expectRejected(await encryptedPdf(), 'pdf_encrypted'));

  it('a PDF that runs JavaScript when opened', async () =>
    expectRejected(
      await pdf((doc) => {
        doc.catalog.set(
          PDFName.of('OpenAction'),
          doc.context.register(
            doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }),
          ),
        );
      }),
      'pdf_active_content',
    ));

  it('a PDF whose link annotation runs JavaScript', async () =>
    expectRejected(
      await pdf((doc) => {
        const annotation = doc.context.obj({
          Type: 'Annot',
          Subtype: 'Link',
          Rect: [0, 0, 100, 100],
          A: { S: 'JavaScript', JS: PDFString.of('this.submitForm()') },
        });
        doc
          .getPage(0)
          .node.set(PDFName.of('Annots'), doc.context.register(doc.context.obj([annotation])));
      }),
      'pdf_active_content',
    ));

  it('a PDF with more pages than allowed', async () =>
    expectRejected(await pdf(undefined, 4), 'too_many_pages', {
      ...DEFAULT_SNIFF_LIMITS,
      maxPages: 3,
    }));

  it('a PDF whose page would rasterise into a bomb', async () =>
    expectRejected(await pdf((doc) => doc.addPage([14_400, 14_400])), 'dimensions_too_large'));

  it('a PDF embedding a 50000×50000 image', async () =>
    expectRejected(
      await pdf((doc) => {
        doc.context.register(
          doc.context.flateStream(new Uint8Array(16), {
            Type: 'XObject',
            Subtype: 'Image',
            Width: 50_000,
            Height: 50_000,
            ColorSpace: 'DeviceGray',
            BitsPerComponent: 8,
          }),
        );
      }),
      'dimensions_too_large',
    ));

  it('a 20000×20000 PNG (decompression bomb)', () =>
    expectRejected(png(20_000, 20_000), 'dimensions_too_large'));

  it('a PNG with a corrupted chunk', async () => {
    const bytes = png(4, 4);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    await expectRejected(bytes, 'image_malformed');
  });

  it('a truncated PNG', async () => expectRejected(png(4, 4).subarray(0, 40), 'image_malformed'));

  it('a truncated JPEG', async () => {
    const image = jpeg();
    await expectRejected(image.subarray(0, Math.floor(image.length / 2)), 'image_malformed');
  });

  it('a TIFF whose directories loop', async () =>
    expectRejected(
      tiff(
        [
          [100, 100],
          [100, 100],
        ],
        true,
      ),
      'image_malformed',
    ));

  it('a TIFF page of 30000×30000 pixels', async () =>
    expectRejected(tiff([[30_000, 30_000]]), 'dimensions_too_large'));
});
