// Reads the text layer of a stored PDF with poppler's pdftotext (a child process, so that
// nothing is parsed in the web process itself). Not OCR: a scan without text gives ''.
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../../storage/port';

const MAX_TEXT_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** The document's text, or null when pdftotext is missing or fails (search then uses the title). */
export async function extractPdfText(
  store: ObjectStore,
  key: string,
  maxPages: number,
): Promise<string | null> {
  const source = await store.get(key);
  return new Promise<string | null>((resolve) => {
    let child;
    try {
      child = spawn('pdftotext', ['-q', '-enc', 'UTF-8', '-l', String(maxPages), '-', '-'], {
        stdio: ['pipe', 'pipe', 'ignore'],
        timeout: TIMEOUT_MS,
      });
    } catch {
      source.destroy();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_TEXT_BYTES) chunks.push(chunk);
    });
    child.on('error', () => resolve(null));
    child.on('close', (code) =>
      resolve(code === 0 ? clean(Buffer.concat(chunks).toString('utf8')) : null),
    );
    pipeline(source, child.stdin).catch(() => child.kill());
  });
}

// PostgreSQL text cannot hold NUL; form feeds separate pages.
function clean(text: string): string {
  return text.replaceAll('\u0000', '').replaceAll('\f', '\n');
}
