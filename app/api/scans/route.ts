// Upload of one scanned file into a scan batch (a new batch without `batchId`): the request
// body is the file itself, streamed to a spool file. Same checks as any upload; a refused file
// stores nothing and the answer says why in the user's language. OCR happens later, in the
// worker process.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { FileRejectedError } from '@/modules/documents/sniff';
import { uploadLimits } from '@/modules/documents/upload-limits';
import { AppError, HTTP_STATUS } from '@/modules/errors';
import { isLocale, messages, type Locale } from '@/modules/i18n';
import { addScanFile } from '@/modules/scans/add-scan-file';

export const dynamic = 'force-dynamic';

const Meta = z.object({
  batchId: z.uuid().optional(),
  fileName: z.string().min(1).max(1000),
});

function refuse(locale: Locale, status: number, code: string, message: string) {
  return NextResponse.json({ error: code, message }, { status });
}

export async function POST(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const locale: Locale = isLocale(params.locale) ? params.locale : 'fi';
  const t = messages(locale);
  try {
    const actor = await requireArea('staff', '/api/scans');
    const meta = Meta.safeParse(params);
    if (!meta.success || !request.body) {
      return refuse(locale, 400, 'invalid_input', t.scans.errors.invalid_input);
    }
    const limits = uploadLimits();
    const declared = Number(request.headers.get('content-length') ?? 'NaN');
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      return refuse(locale, 413, 'too_large', t.documents.errors.too_large);
    }
    const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
    const added = await addScanFile(
      getDb(),
      configuredObjectStore(),
      actor,
      { batchId: meta.data.batchId, fileName: meta.data.fileName },
      body,
      { limits },
    );
    return NextResponse.json(added, { status: 201 });
  } catch (error) {
    if (error instanceof FileRejectedError) {
      return refuse(
        locale,
        error.code === 'too_large' ? 413 : 422,
        error.code,
        t.documents.errors[error.code],
      );
    }
    if (error instanceof AppError) {
      return refuse(locale, HTTP_STATUS[error.code], error.code, t.scans.errors[error.code]);
    }
    console.error('[scans] upload failed:', error);
    return refuse(locale, 500, 'failed', t.scans.errors.failed);
  }
}
