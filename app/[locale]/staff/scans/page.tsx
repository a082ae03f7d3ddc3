// Scan batches of the caseworker's units, and the upload of a new batch.
import { forbidden } from 'next/navigation';
import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { fill, formatDateTime } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';
import { handlesScans } from '@/modules/scans/authorize-scan-batch';
import { listScanBatches } from '@/modules/scans/read-scan-batches';
import { ScanUploadForm } from './upload-form';

export const dynamic = 'force-dynamic';

export default async function ScanBatchesPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('staff', locale, `/${locale}/staff/scans`);
  if (!handlesScans(actor)) forbidden();
  const batches = await listScanBatches(getDb(), actor);
  const text = t.scans;
  return (
    <>
      <h1>{text.title}</h1>
      <p>{text.intro}</p>
      <ScanUploadForm
        locale={locale}
        text={{
          uploadTitle: text.uploadTitle,
          files: text.files,
          upload: text.upload,
          uploadProgress: text.uploadProgress,
          uploading: text.uploading,
          uploadedFile: text.uploadedFile,
          refused: text.refused,
          openBatch: text.openBatch,
          failed: text.errors.failed,
        }}
      />
      <h2>{text.title}</h2>
      {batches.length === 0 ? (
        <p>{text.none}</p>
      ) : (
        <table data-testid="scan-batches">
          <thead>
            <tr>
              <th scope="col">{text.columnCreated}</th>
              <th scope="col">{text.columnBy}</th>
              <th scope="col">{text.columnFiles}</th>
              <th scope="col">{text.columnPages}</th>
              <th scope="col">{text.columnStatus}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((batch) => (
              <tr key={batch.id}>
                <td>
                  <a href={`/${locale}/staff/scans/${batch.id}`}>
                    {formatDateTime(batch.createdAt, locale)}
                  </a>
                </td>
                <td>{batch.createdBy ?? '—'}</td>
                <td>{batch.files}</td>
                <td>
                  {fill(text.pagesCell, {
                    total: batch.pages,
                    done: batch.pagesDone,
                    failed: batch.pagesFailed,
                  })}
                </td>
                <td>{text.statuses[batch.status as keyof typeof text.statuses]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
