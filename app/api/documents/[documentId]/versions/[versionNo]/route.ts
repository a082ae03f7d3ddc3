// Download of one document version: access on the document's client (archivists with a
// purpose), audited; the bytes are verified against their SHA-256 while they stream.
import { Readable } from 'node:stream';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { canEnterArea } from '@/modules/access/rules';
import { currentActor, requireArea } from '@/modules/auth/session';
import { assertCitizenMayOpen } from '@/modules/citizen/own-documents';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import {
  DocumentIntegrityError,
  openDocumentVersion,
} from '@/modules/documents/open-document-version';
import { AppError, HTTP_STATUS } from '@/modules/errors';
import { messages } from '@/modules/i18n';
import { isLocale } from '@/modules/i18n/locales';

export const dynamic = 'force-dynamic';

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/tiff': '.tif',
  'text/plain; charset=utf-8': '.txt',
};

function contentDisposition(title: string, mediaType: string, inline: boolean): string {
  const name = `${title}${EXTENSIONS[mediaType] ?? ''}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const kind = inline ? 'inline' : 'attachment';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function GET(
  request: Request,
  { params }: { params: Promise<{ documentId: string; versionNo: string }> },
) {
  const { documentId, versionNo } = await params;
  const search = new URL(request.url).searchParams;
  const locale = search.get('locale');
  try {
    const current = await currentActor();
    const citizenOnly =
      current && canEnterArea(current.roles, 'citizen') && !canEnterArea(current.roles, 'staff');
    // citizens open their own delivered or uploaded documents; everyone else needs the staff area
    const actor = citizenOnly
      ? current
      : await requireArea('staff', `/api/documents/${documentId}`);
    if (citizenOnly) await assertCitizenMayOpen(getDb(), actor, documentId);
    const version = z.coerce.number().int().min(1).max(10_000).safeParse(versionNo);
    if (!z.uuid().safeParse(documentId).success || !version.success) {
      throw new AppError('not_found', 'no such document version');
    }
    const purpose = search.get('purpose')?.trim().slice(0, 500) || null;
    // `view=1`: the in-browser preview (pdf.js); audited as a view rather than a download.
    const inline = search.get('view') === '1';
    const opened = await openDocumentVersion(
      getDb(),
      configuredObjectStore(),
      actor,
      documentId,
      version.data,
      purpose,
      // Verified before the first byte goes out, so a corrupt file is a clear error, not a
      // truncated download.
      { operation: inline ? 'view' : 'download', verifyFirst: true },
    );
    return new Response(Readable.toWeb(opened.stream) as ReadableStream<Uint8Array>, {
      headers: {
        'Content-Type': opened.version.mediaType,
        'Content-Length': String(opened.version.size),
        'Content-Disposition': contentDisposition(
          opened.document.title,
          opened.version.mediaType,
          inline,
        ),
        'Cache-Control': 'private, no-store',
        'X-Content-SHA256': opened.version.sha256,
      },
    });
  } catch (error) {
    if (error instanceof DocumentIntegrityError) {
      const text = messages(isLocale(locale) ? locale : 'fi').archivist.integrityError;
      return NextResponse.json({ error: 'integrity', message: text }, { status: 500 });
    }
    if (error instanceof AppError) {
      return NextResponse.json(
        { error: error.code, message: error.message },
        { status: HTTP_STATUS[error.code] },
      );
    }
    throw error;
  }
}
