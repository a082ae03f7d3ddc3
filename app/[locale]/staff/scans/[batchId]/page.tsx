// One scan batch: live OCR progress per file and page (with retries of failed pages) and the
// identity-code link proposals a person confirms or rejects. Access and audit: modules/scans.
import { forbidden, notFound } from 'next/navigation';
import { z } from 'zod';
import { DOCUMENT_TYPES } from '@/db/documents-schema';
import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { AppError } from '@/modules/errors';
import { fill, formatDateTime } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';
import { getScanBatch, type ScanBatchDetail } from '@/modules/scans/read-scan-batches';
import { decideProposalAction } from '../actions';
import { BatchProgress } from './batch-progress';

export const dynamic = 'force-dynamic';

export default async function ScanBatchPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; batchId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const { batchId } = await params;
  const query = await searchParams;
  const actor = await requirePageArea('staff', locale, `/${locale}/staff/scans/${batchId}`);
  if (!z.uuid().safeParse(batchId).success) notFound();
  let batch: ScanBatchDetail;
  try {
    batch = await getScanBatch(getDb(), actor, batchId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') forbidden();
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const text = t.scans;
  const fileNames = new Map(batch.files.map((f) => [f.id, f.fileName]));
  const errorText =
    query.error && query.error in text.errors
      ? text.errors[query.error as keyof typeof text.errors]
      : query.error
        ? text.errors.failed
        : null;
  const notice =
    query.notice === 'linked'
      ? text.linked
      : query.notice === 'rejected'
        ? text.rejectedNotice
        : null;
  return (
    <>
      <p>
        <a href={`/${locale}/staff/scans`}>{text.back}</a>
      </p>
      <h1>{fill(text.batchTitle, { date: formatDateTime(batch.createdAt, locale) })}</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {errorText && (
        <p className="alert" role="alert">
          {errorText}
        </p>
      )}
      <BatchProgress
        initial={{ id: batch.id, status: batch.status, files: batch.files }}
        text={{
          progressLabel: text.progressLabel,
          progressSummary: text.progressSummary,
          fileHeading: text.fileHeading,
          pageColumn: text.pageColumn,
          statusColumn: text.statusColumn,
          reasonColumn: text.reasonColumn,
          actionColumn: text.actionColumn,
          statuses: text.statuses,
          pageErrors: text.pageErrors,
          retry: text.retry,
          retried: text.retried,
          errors: text.errors,
        }}
      />
      <section aria-labelledby="scan-proposals-heading">
        <h2 id="scan-proposals-heading">{text.proposalsTitle}</h2>
        <p>{text.proposalsIntro}</p>
        {batch.proposals.length === 0 ? (
          <p>{text.noProposals}</p>
        ) : (
          <ul data-testid="scan-proposals">
            {batch.proposals.map((proposal) => {
              const file = fileNames.get(proposal.fileId) ?? '';
              const typeId = `type-${proposal.id}`;
              return (
                <li key={proposal.id}>
                  <p>
                    {proposal.mayLink
                      ? fill(text.proposal, {
                          file,
                          name: proposal.clientName ?? '',
                          code: proposal.identityCode,
                        })
                      : fill(text.otherUnit, { file, code: proposal.identityCode })}{' '}
                    — {text.proposalStatuses[proposal.status as keyof typeof text.proposalStatuses]}
                  </p>
                  {proposal.status === 'confirmed' && proposal.clientId && (
                    <p>
                      <a href={`/${locale}/staff/clients/${proposal.clientId}/documents`}>
                        {text.openDocuments}
                      </a>
                    </p>
                  )}
                  {proposal.status === 'proposed' && proposal.mayLink && (
                    <form
                      className="stack"
                      action={decideProposalAction.bind(null, locale, batch.id, proposal.id)}
                    >
                      <div>
                        <label htmlFor={typeId}>{text.documentType}</label>
                        <select id={typeId} name="type" defaultValue="attachment">
                          {DOCUMENT_TYPES.map((type) => (
                            <option key={type} value={type}>
                              {t.documents.types[type]}
                            </option>
                          ))}
                        </select>
                      </div>
                      <div>
                        <button className="primary" type="submit" name="decision" value="confirm">
                          {text.confirm}
                        </button>{' '}
                        <button type="submit" name="decision" value="reject">
                          {text.reject}
                        </button>
                      </div>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
