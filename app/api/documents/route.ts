// Upload of one document: the request body is the file itself (streamed to a spool file, never
// held in memory), the metadata is in the query. Checks login, role and the client itself.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { refuseUpload, uploadBody, uploadFailure } from '@/modules/documents/upload-route';
import { DOCUMENT_TYPES } from '@/db/documents-schema';
import { requireArea } from '@/modules/auth/session';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { storeUploadedDocument } from '@/modules/documents/store-uploaded-document';
import { isLocale, LOCALES, type Locale } from '@/modules/i18n';

export const dynamic = 'force-dynamic';

const Meta = z.object({
  clientId: z.uuid(),
  caseId: z.uuid().optional(),
  type: z.enum(DOCUMENT_TYPES),
  title: z.string(),
  language: z.enum(LOCALES),
});

export async function POST(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const locale: Locale = isLocale(params.locale) ? params.locale : 'fi';
  try {
    const actor = await requireArea('staff', '/api/documents');
    const meta = Meta.safeParse(params);
    if (!meta.success) return refuseUpload(locale, 400, 'invalid_input');
    const upload = uploadBody(request, locale);
    if ('refusal' in upload) return upload.refusal;
    const { body, limits } = upload;
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
    return uploadFailure(error, locale, 'documents');
  }
}
