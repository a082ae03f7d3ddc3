// Runs poppler's command-line tools on PDF bytes in tests.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function withPdfFile<T>(
  bytes: Uint8Array,
  work: (file: string) => Promise<T>,
): Promise<T> {
  const directory = await mkdtemp(path.join(tmpdir(), 'sos-pdf-'));
  const file = path.join(directory, 'document.pdf');
  try {
    await writeFile(file, bytes);
    return await work(file);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** `pdfsig` output; it exits non-zero for invalid signatures, so stdout is kept either way. */
export function pdfsig(bytes: Uint8Array): Promise<string> {
  return withPdfFile(bytes, async (file) => {
    try {
      return (await run('pdfsig', [file])).stdout;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    }
  });
}

export function pdftotext(bytes: Uint8Array, options: string[] = []): Promise<string> {
  return withPdfFile(
    bytes,
    async (file) => (await run('pdftotext', [...options, '-enc', 'UTF-8', file, '-'])).stdout,
  );
}

export function pdfinfo(bytes: Uint8Array): Promise<string> {
  return withPdfFile(bytes, async (file) => (await run('pdfinfo', [file])).stdout);
}

export interface WordBox {
  page: number;
  word: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Word boxes as `pdftotext -bbox` reports them: points, from the top left of the shown page. */
export function pdftotextWords(bytes: Uint8Array): Promise<WordBox[]> {
  return withPdfFile(bytes, async (file) => {
    const html = (await run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'])).stdout;
    const words: WordBox[] = [];
    html
      .split('<page ')
      .slice(1)
      .forEach((pageHtml, index) => {
        for (const match of pageHtml.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        )) {
          words.push({
            page: index + 1,
            word: match[5]!,
            xMin: Number(match[1]),
            yMin: Number(match[2]),
            xMax: Number(match[3]),
            yMax: Number(match[4]),
          });
        }
      });
    return words;
  });
}

/** Text with every run of whitespace (line breaks of the layout) turned into one space. */
export const flatten = (text: string) => text.replace(/\s+/g, ' ');
