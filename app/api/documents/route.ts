// Upload of one document: the request body is the file itself (streamed to a spool file, never
// held in memory), the metadata is in the query. Checks login, role and the client itself.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { DOCUMENT_TYPES } from '@/db/documents-schema';
import { requireArea } from '@/modules/auth/session';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { FileRejectedError } from '@/modules/documents/sniff';
import { storeUploadedDocument } from '@/modules/documents/store-uploaded-document';
import { uploadLimits } from '@/modules/documents/upload-limits';
import { AppError, HTTP_STATUS } from '@/modules/errors';
import { ReadOnlyRecordError, readOnlyMessage } from '@/modules/documents/archived-records';
import { isLocale, LOCALES, messages, type Locale } from '@/modules/i18n';

export const dynamic = 'force-dynamic';

const Meta = z.object({
  clientId: z.uuid(),
  caseId: z.uuid().optional(),
  type: z.enum(DOCUMENT_TYPES),
  title: z.string(),
  language: z.enum(LOCALES),
});

function refuse(
  locale: Locale,
  status: number,
  code: keyof ReturnType<typeof messages>['documents']['errors'],
) {
  return NextResponse.json(
    { error: code, message: messages(locale).documents.errors[code] },
    { status },
  );
}

export async function POST(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const locale: Locale = isLocale(params.locale) ? params.locale : 'fi';
  try {
    const actor = await requireArea('staff', '/api/documents');
    const meta = Meta.safeParse(params);
    if (!meta.success || !request.body) return refuse(locale, 400, 'invalid_input');
    const limits = uploadLimits();
    const declared = Number(request.headers.get('content-length') ?? 'NaN');
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      return refuse(locale, 413, 'too_large');
    }
    const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
    const { document, original } = await storeUploadedDocument(
      getDb(),
      configuredObjectStore(),
      actor,
      {
        clientId: meta.data.clientId,
        caseId: meta.data.caseId,
        type: meta.data.type,
        title: meta.data.title,
        language: meta.data.language,
      },
      body,
      { limits },
    );
    return NextResponse.json(
      { id: document.id, versionNo: original.versionNo, sha256: original.sha256 },
      { status: 201 },
    );
  } catch (error) {
    if (error instanceof FileRejectedError) {
      return refuse(locale, error.code === 'too_large' ? 413 : 422, error.code);
    }
    if (error instanceof ReadOnlyRecordError) {
      // the case is closed and archived: its records are read-only
      return NextResponse.json(
        { error: error.reason, message: readOnlyMessage(error.reason, locale) },
        { status: 409 },
      );
    }
    if (error instanceof AppError) return refuse(locale, HTTP_STATUS[error.code], error.code);
    console.error('[documents] upload failed:', error);
    return refuse(locale, 500, 'failed');
  }
}
