// The citizen's upload: the request body is the file (streamed to a spool file, never held in
// memory), the purpose, title and target case in the query. The client is always the
// session's own; the document store's type and size rules apply.
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { uploadBody, uploadFailure } from '@/modules/documents/upload-route';
import { requireArea } from '@/modules/auth/session';
import { storeCitizenUpload } from '@/modules/citizen/apply/store-citizen-upload';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { isLocale, type Locale } from '@/modules/i18n';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const locale: Locale = isLocale(params.locale) ? params.locale : 'fi';
  try {
    const actor = await requireArea('citizen', '/api/citizen/uploads');
    const upload = uploadBody(request, locale);
    if ('refusal' in upload) return upload.refusal;
    const { body, limits } = upload;
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
    return uploadFailure(error, locale, 'citizen uploads', () => 'invalid_input');
  }
}
