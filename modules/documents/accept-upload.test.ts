import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsObjectStore } from '../../storage/fs';
import type { ObjectStore } from '../../storage/port';
import { acceptUpload } from './accept-upload';
import { DEFAULT_SNIFF_LIMITS, FileRejectedError, type RejectionCode } from './sniff';
import { encryptedPdf, javascriptPdf, jpeg, pdf, png, pngChunk, tiff, zip } from './test-files';

let root = '';
let store: ObjectStore;
let spoolDirectory = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sos-upload-'));
  spoolDirectory = path.join(root, 'spool');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(spoolDirectory);
  store = createFsObjectStore({ directory: path.join(root, 'objects') });
});

afterAll(() => rm(root, { recursive: true, force: true }));

async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list()) keys.push(key);
  return keys;
}

const hostile: [string, () => Promise<Buffer> | Buffer, RejectionCode][] = [
  ['0-byte file', () => Buffer.alloc(0), 'empty'],
  ['HTML named .pdf', () => Buffer.from('<html><body>Lasku</body></html>'), 'unsupported_type'],
  [
    'ZIP renamed to .pdf',
    () => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(30), zip()]),
    'unsupported_type',
  ],
  [
    'Windows executable',
    () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]),
    'unsupported_type',
  ],
  ['truncated PDF', async () => (await pdf(undefined, 2)).subarray(0, 300), 'pdf_malformed'],
  ['encrypted PDF', encryptedPdf, 'pdf_encrypted'],
  ['PDF with JavaScript', javascriptPdf, 'pdf_active_content'],
  ['PDF + ZIP polyglot', async () => Buffer.concat([await pdf(), zip()]), 'polyglot'],
  [
    'HTML + PDF polyglot',
    async () => Buffer.concat([Buffer.from('<script>1</script>'), await pdf()]),
    'polyglot',
  ],
  ['20000×20000 PNG', () => png(20_000, 20_000), 'dimensions_too_large'],
  ['PNG + ZIP polyglot', () => Buffer.concat([png(2, 2), zip()]), 'polyglot'],
  [
    'PNG with HTML in a text chunk',
    () => png(2, 2, [pngChunk('tEXt', Buffer.from('a\0<html>'))]),
    'polyglot',
  ],
  ['truncated PNG', () => png(8, 8).subarray(0, 50), 'image_malformed'],
  ['truncated JPEG', () => jpeg().subarray(0, 120), 'image_malformed'],
  [
    'looping TIFF',
    () =>
      tiff(
        [
          [10, 10],
          [10, 10],
        ],
        true,
      ),
    'image_malformed',
  ],
  ['TIFF bomb', () => tiff([[40_000, 40_000]]), 'dimensions_too_large'],
  [
    'too many TIFF pages',
    () => tiff(Array.from({ length: 301 }, () => [10, 10] as [number, number])),
    'too_many_pages',
  ],
  [
    'file over the size limit',
    () => Buffer.alloc(DEFAULT_SNIFF_LIMITS.maxBytes + 1, 0x25),
    'too_large',
  ],
];

describe('acceptUpload', () => {
  it.each(hostile)('refuses a %s and stores nothing', async (_name, make, code) => {
    const bytes = await make();
    const error = await acceptUpload(Readable.from([bytes]), store, { spoolDirectory }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileRejectedError);
    expect((error as FileRejectedError).code).toBe(code);
    expect(await storedKeys()).toEqual([]);
    expect(await readdir(spoolDirectory)).toEqual([]);
  });

  it('stores an accepted scan under its content address with the sniffed type', async () => {
    const bytes = await pdf(undefined, 2);
    const accepted = await acceptUpload(
      Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
      store,
      {
        spoolDirectory,
      },
    );
    expect(accepted.file).toEqual({ mediaType: 'application/pdf', pageCount: 2 });
    expect(accepted.object.size).toBe(bytes.length);
    expect(await storedKeys()).toEqual([accepted.object.key]);
    expect(await readdir(spoolDirectory)).toEqual([]);
  });
});
