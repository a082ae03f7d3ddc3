// What the streamed upload routes share (staff: app/api/documents, citizens:
// app/api/citizen/uploads): the request body as a Node stream once the declared size fits the
// limits, and refusals as JSON with the message in the user's language.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { NextResponse } from 'next/server';
import { ReadOnlyRecordError, readOnlyMessage } from '@/modules/documents/archived-records';
import { FileRejectedError, type SniffLimits } from '@/modules/documents/sniff';
import { uploadLimits } from '@/modules/documents/upload-limits';
import { AppError, HTTP_STATUS } from '@/modules/errors';
import { messages, type Locale } from '@/modules/i18n';

export type UploadRefusal = keyof ReturnType<typeof messages>['documents']['errors'];

export function refuseUpload(locale: Locale, status: number, code: UploadRefusal): NextResponse {
  return NextResponse.json(
    { error: code, message: messages(locale).documents.errors[code] },
    { status },
  );
}

/** The body to stream into the store, or a refusal (no body, or a declared size over the limit). */
export function uploadBody(
  request: Request,
  locale: Locale,
): { body: Readable; limits: SniffLimits } | { refusal: NextResponse } {
  if (!request.body) return { refusal: refuseUpload(locale, 400, 'empty') };
  const limits = uploadLimits();
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limits.maxBytes)
    return { refusal: refuseUpload(locale, 413, 'too_large') };
  const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  return { body, limits };
}

/** The answer to an upload that threw: the file's refusal, a read-only record, or the error's code. */
export function uploadFailure(
  error: unknown,
  locale: Locale,
  where: string,
  appErrorCode: (error: AppError) => UploadRefusal = (e) => e.code,
): NextResponse {
  if (error instanceof FileRejectedError)
    return refuseUpload(locale, error.code === 'too_large' ? 413 : 422, error.code);
  if (error instanceof ReadOnlyRecordError) {
    // the case is closed and archived: its records are read-only
    return NextResponse.json(
      { error: error.reason, message: readOnlyMessage(error.reason, locale) },
      { status: 409 },
    );
  }
  if (error instanceof AppError)
    return refuseUpload(locale, HTTP_STATUS[error.code], appErrorCode(error));
  console.error(`[${where}] upload failed:`, error);
  return refuseUpload(locale, 500, 'failed');
}
