// A client's documents with download links and the upload form. Access and audit are in
// listClientDocuments (deny by default).
import { forbidden, notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { listClientDocuments } from '@/modules/documents/list-client-documents';
import { AppError } from '@/modules/errors';
import { fill, formatDateTime, LANGUAGE_NAMES } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';
import { UploadForm } from './upload-form';

export const dynamic = 'force-dynamic';

export default async function ClientDocumentsPage({
  params,
}: {
  params: Promise<{ locale: string; clientId: string }>;
}) {
  const { locale, t } = await pageLocale(params);
  const { clientId } = await params;
  const path = `/${locale}/staff/clients/${clientId}/documents`;
  const actor = await requirePageArea('staff', locale, path);
  if (!z.uuid().safeParse(clientId).success) notFound();

  let list;
  try {
    list = await listClientDocuments(getDb(), actor, clientId, 'documents');
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') forbidden();
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const text = t.documents;
  return (
    <>
      <p>
        <a href={`/${locale}/staff/clients/${clientId}`}>{text.back}</a>
      </p>
      <h1>{text.title}</h1>
      {list.length === 0 ? (
        <p>{text.none}</p>
      ) : (
        <table data-testid="documents">
          <thead>
            <tr>
              <th scope="col">{text.columnTitle}</th>
              <th scope="col">{text.columnType}</th>
              <th scope="col">{text.columnCreated}</th>
              <th scope="col">{text.columnVersions}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((document) => (
              <tr key={document.id}>
                <td>{document.title}</td>
                <td>{text.types[document.type]}</td>
                <td>{formatDateTime(document.createdAt, locale)}</td>
                <td>
                  <ul>
                    {document.versions.map((version) => (
                      <li key={version.id}>
                        <a
                          href={`/api/documents/${document.id}/versions/${version.versionNo}`}
                          download
                        >
                          {fill(text.download, { n: version.versionNo })}
                        </a>{' '}
                        ({text.kinds[version.kind]}, {version.mediaType})
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <UploadForm
        clientId={clientId}
        locale={locale}
        text={{
          uploadTitle: text.uploadTitle,
          file: text.file,
          docTitle: text.docTitle,
          type: text.type,
          language: text.language,
          upload: text.upload,
          progress: text.progress,
          uploaded: text.uploaded,
          failed: text.errors.failed,
          types: text.types,
          languages: LANGUAGE_NAMES,
        }}
      />
    </>
  );
}
