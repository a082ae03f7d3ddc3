// The archivist's document page: metadata, versions with sizes and SHA-256, signature and
// retention, a pdf.js preview and downloads (each audited), and the legal hold with its history.
import { forbidden, notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { CLIENT_HANDLING_ROLES } from '@/modules/access/rules';
import { loadArchivedDocument } from '@/modules/archive/load-archived-document';
import { requirePageArea } from '@/modules/auth/session';
import { isArchivalPurpose } from '@/modules/documents/decide-document-access';
import { AppError } from '@/modules/errors';
import { fill, formatDate, formatDateTime } from '@/modules/i18n';
import { INTL_TAG, LANGUAGE_NAMES, type Locale } from '@/modules/i18n/locales';
import { pageLocale } from '@/modules/i18n/server';
import { setLegalHoldAction } from './actions';
import { PdfPreview } from './pdf-preview';

export const dynamic = 'force-dynamic';

function formatSize(bytes: number, locale: Locale): string {
  const [unit, divisor] =
    bytes >= 1024 * 1024
      ? ['megabyte', 1024 * 1024]
      : bytes >= 1024
        ? ['kilobyte', 1024]
        : ['byte', 1];
  return new Intl.NumberFormat(INTL_TAG[locale], {
    style: 'unit',
    unit,
    maximumFractionDigits: 1,
  }).format(bytes / divisor);
}

export default async function ArchivedDocumentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; documentId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const { documentId } = await params;
  const path = `/${locale}/archive/documents/${documentId}`;
  const actor = await requirePageArea('archive', locale, path);
  const isArchivist = actor.roles.includes('archivist');
  if (!isArchivist && !actor.roles.some((role) => CLIENT_HANDLING_ROLES.includes(role))) {
    forbidden();
  }
  if (!z.uuid().safeParse(documentId).success) notFound();
  const query = await searchParams;
  const purpose = query.purpose?.trim().slice(0, 500) ?? '';
  const text = t.archivist;

  if (isArchivist && !isArchivalPurpose(purpose)) {
    return (
      <>
        <h1>{text.detailTitle}</h1>
        <form className="stack" method="get">
          <p>{text.purposeIntro}</p>
          <div>
            <label htmlFor="purpose">{t.archive.purpose}</label>
            <input id="purpose" name="purpose" required minLength={3} defaultValue={purpose} />
          </div>
          <div>
            <button className="primary" type="submit">
              {text.open}
            </button>
          </div>
        </form>
      </>
    );
  }

  let view;
  try {
    view = await loadArchivedDocument(getDb(), actor, documentId, purpose || null);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    if (error instanceof AppError && error.code === 'forbidden') forbidden();
    throw error;
  }
  const { document, versions } = view;
  const fileUrl = (versionNo: number, preview: boolean) => {
    const q = new URLSearchParams({ locale });
    if (purpose) q.set('purpose', purpose);
    if (preview) q.set('view', '1');
    return `/api/documents/${document.id}/versions/${versionNo}?${q.toString()}`;
  };
  const previewVersion = versions.filter((v) => v.mediaType === 'application/pdf').at(-1);
  const holdError = query.holdError as keyof typeof text.holdErrors | undefined;
  const searchLink = `/${locale}/archive${purpose ? `?${new URLSearchParams({ purpose }).toString()}` : ''}`;

  return (
    <>
      <p>
        <a href={searchLink}>{text.backToSearch}</a>
      </p>
      <h1>{document.title}</h1>
      <p className="muted">{text.detailTitle}</p>
      <dl className="facts" data-testid="document-facts">
        <dt>{text.client}</dt>
        <dd>{view.clientName}</dd>
        <dt>{text.case}</dt>
        <dd>{view.caseNumber ?? (document.caseId ? document.caseId : text.noCase)}</dd>
        <dt>{text.type}</dt>
        <dd>{t.documents.types[document.type]}</dd>
        <dt>{text.language}</dt>
        <dd>{LANGUAGE_NAMES[document.language]}</dd>
        <dt>{text.sourceChannel}</dt>
        <dd>{text.sources[document.sourceChannel]}</dd>
        <dt>{text.createdBy}</dt>
        <dd>{view.createdByName ?? text.system}</dd>
        <dt>{text.createdAt}</dt>
        <dd>{formatDateTime(document.createdAt, locale)}</dd>
        <dt>{text.signatureStatus}</dt>
        <dd>{text.signature[document.signatureStatus]}</dd>
        <dt>{text.retentionClass}</dt>
        <dd>{document.retentionClass ?? text.retentionNotSet}</dd>
        <dt>{text.disposalDate}</dt>
        <dd>
          {document.disposalDate ? formatDate(document.disposalDate, locale) : text.noDisposalDate}
        </dd>
        <dt>{text.retentionState}</dt>
        <dd>{text.retention[view.retentionState]}</dd>
        <dt>{text.legalHold}</dt>
        <dd data-testid="legal-hold-state">{document.legalHold ? text.holdOn : text.holdOff}</dd>
      </dl>

      <h2>{text.versions}</h2>
      <table data-testid="document-versions">
        <thead>
          <tr>
            <th scope="col">{text.columnVersion}</th>
            <th scope="col">{text.columnKind}</th>
            <th scope="col">{text.columnMediaType}</th>
            <th scope="col">{text.columnSize}</th>
            <th scope="col">{text.columnPages}</th>
            <th scope="col">{text.columnSha256}</th>
            <th scope="col">{text.columnCreated}</th>
            <th scope="col">{text.columnDownload}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>{v.versionNo}</td>
              <td>{t.documents.kinds[v.kind]}</td>
              <td>{v.mediaType}</td>
              <td>{formatSize(v.size, locale)}</td>
              <td>{v.pageCount ?? '–'}</td>
              <td>
                <code className="hash">{v.sha256}</code>
              </td>
              <td>{formatDateTime(v.createdAt, locale)}</td>
              <td>
                <a href={fileUrl(v.versionNo, false)} download>
                  {fill(text.downloadVersion, { n: v.versionNo })}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {previewVersion && (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{fill(text.previewVersion, { n: previewVersion.versionNo })}</h2>
          <PdfPreview
            src={fileUrl(previewVersion.versionNo, true)}
            text={{
              loading: text.previewLoading,
              failed: text.previewFailed,
              page: text.previewPage,
              previous: text.previousPage,
              next: text.nextPage,
              label: fill(text.previewVersion, { n: previewVersion.versionNo }),
            }}
          />
        </section>
      )}

      <section aria-labelledby="hold-heading">
        <h2 id="hold-heading">{text.holdTitle}</h2>
        {query.hold && (
          <p className="notice" role="status">
            {query.hold === 'placed' ? text.holdPlaced : text.holdReleased}
          </p>
        )}
        {holdError && holdError in text.holdErrors && (
          <p className="alert" role="alert">
            {text.holdErrors[holdError]}
          </p>
        )}
        {isArchivist ? (
          <form className="stack" action={setLegalHoldAction.bind(null, locale, document.id)}>
            <input type="hidden" name="purpose" value={purpose} />
            <input type="hidden" name="hold" value={document.legalHold ? 'off' : 'on'} />
            <div>
              <label htmlFor="reason">{text.holdReason}</label>
              <textarea id="reason" name="reason" required minLength={5} maxLength={500} rows={2} />
            </div>
            <div>
              <button className="primary" type="submit">
                {document.legalHold ? text.releaseHold : text.placeHold}
              </button>
            </div>
          </form>
        ) : (
          <p className="muted">{text.onlyArchivists}</p>
        )}
        <h3>{text.history}</h3>
        {view.legalHoldHistory.length === 0 ? (
          <p>{text.noHistory}</p>
        ) : (
          <table data-testid="legal-hold-history">
            <thead>
              <tr>
                <th scope="col">{text.columnWhen}</th>
                <th scope="col">{text.columnWho}</th>
                <th scope="col">{text.columnChange}</th>
                <th scope="col">{text.columnReason}</th>
              </tr>
            </thead>
            <tbody>
              {view.legalHoldHistory.map((event) => (
                <tr key={`${event.at.toISOString()}-${event.hold}`}>
                  <td>{formatDateTime(event.at, locale)}</td>
                  <td>{event.actorName}</td>
                  <td>{event.hold ? text.changeOn : text.changeOff}</td>
                  <td>{event.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
