// Serves pdf.js's worker from the installed pdfjs-dist (no CDN): the preview's worker must be
// the same version as the library bundled into the page. Only the named files are served.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

export const dynamic = 'force-dynamic';

const FILES = new Set(['pdf.worker.min.mjs']);

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (!FILES.has(file)) return new Response('Not found', { status: 404 });
  const location = path.join(process.cwd(), 'node_modules', 'pdfjs-dist', 'build', file);
  const info = await stat(location);
  return new Response(Readable.toWeb(createReadStream(location)) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Length': String(info.size),
      'Cache-Control': 'public, max-age=3600',
    },
  });
}
