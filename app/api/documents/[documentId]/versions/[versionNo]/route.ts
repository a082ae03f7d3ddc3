// Download of one document version: access on the document's client (archivists with a
// purpose), audited; the bytes are verified against their SHA-256 while they stream.
import { Readable } from 'node:stream';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { openDocumentVersion } from '@/modules/documents/open-document-version';
import { AppError, HTTP_STATUS } from '@/modules/errors';

export const dynamic = 'force-dynamic';

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/tiff': '.tif',
  'text/plain; charset=utf-8': '.txt',
};

function contentDisposition(title: string, mediaType: string): string {
  const name = `${title}${EXTENSIONS[mediaType] ?? ''}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function GET(
  request: Request,
  { params }: { params: Promise<{ documentId: string; versionNo: string }> },
) {
  const { documentId, versionNo } = await params;
  try {
    const actor = await requireArea('staff', `/api/documents/${documentId}`);
    const version = z.coerce.number().int().min(1).max(10_000).safeParse(versionNo);
    if (!z.uuid().safeParse(documentId).success || !version.success) {
      throw new AppError('not_found', 'no such document version');
    }
    const purpose = new URL(request.url).searchParams.get('purpose')?.trim().slice(0, 500) || null;
    const opened = await openDocumentVersion(
      getDb(),
      configuredObjectStore(),
      actor,
      documentId,
      version.data,
      purpose,
    );
    return new Response(Readable.toWeb(opened.stream) as ReadableStream<Uint8Array>, {
      headers: {
        'Content-Type': opened.version.mediaType,
        'Content-Length': String(opened.version.size),
        'Content-Disposition': contentDisposition(opened.document.title, opened.version.mediaType),
        'Cache-Control': 'private, no-store',
        'X-Content-SHA256': opened.version.sha256,
      },
    });
  } catch (error) {
    if (error instanceof AppError) {
      return NextResponse.json(
        { error: error.code, message: error.message },
        { status: HTTP_STATUS[error.code] },
      );
    }
    throw error;
  }
}
