// The citizen's upload: the request body is the file (streamed to a spool file, never held in
// memory), the purpose, title and target case in the query. The client is always the
// session's own; the document store's type and size rules apply.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { storeCitizenUpload } from '@/modules/citizen/apply/store-citizen-upload';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { ReadOnlyRecordError, readOnlyMessage } from '@/modules/documents/archived-records';
import { FileRejectedError } from '@/modules/documents/sniff';
import { uploadLimits } from '@/modules/documents/upload-limits';
import { AppError, HTTP_STATUS } from '@/modules/errors';
import { isLocale, messages, type Locale } from '@/modules/i18n';

export const dynamic = 'force-dynamic';

type Code = keyof ReturnType<typeof messages>['documents']['errors'];

function refuse(locale: Locale, status: number, code: Code) {
  return NextResponse.json(
    { error: code, message: messages(locale).documents.errors[code] },
    { status },
  );
}

export async function POST(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const locale: Locale = isLocale(params.locale) ? params.locale : 'fi';
  try {
    const actor = await requireArea('citizen', '/api/citizen/uploads');
    if (!request.body) return refuse(locale, 400, 'empty');
    const limits = uploadLimits();
    const declared = Number(request.headers.get('content-length') ?? 'NaN');
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      return refuse(locale, 413, 'too_large');
    }
    const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
    const { document, original } = await storeCitizenUpload(
      getDb(),
      configuredObjectStore(),
      actor,
      { purpose: params.purpose, caseId: params.caseId, title: params.title },
      locale,
      body,
      { limits },
    );
    return NextResponse.json(
      {
        documentId: document.id,
        title: document.title,
        mediaType: original.mediaType,
        size: original.size,
      },
      { status: 201 },
    );
  } catch (error) {
    if (error instanceof FileRejectedError) {
      return refuse(locale, error.code === 'too_large' ? 413 : 422, error.code);
    }
    if (error instanceof ReadOnlyRecordError) {
      return NextResponse.json(
        { error: error.reason, message: readOnlyMessage(error.reason, locale) },
        { status: 409 },
      );
    }
    if (error instanceof AppError) return refuse(locale, HTTP_STATUS[error.code], 'invalid_input');
    console.error('[citizen uploads] failed:', error);
    return refuse(locale, 500, 'failed');
  }
}
