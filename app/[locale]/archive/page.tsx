// The archivist's search: full text and filters over all documents, for a stated purpose.
// Staff in client-handling roles may use it for their own units' clients.
import { forbidden } from 'next/navigation';
import { getDb } from '@/db/client';
import { DOCUMENT_TYPES } from '@/db/documents-schema';
import { CLIENT_HANDLING_ROLES } from '@/modules/access/rules';
import { RETENTION_STATES, retentionState } from '@/modules/archive/retention-state';
import { ArchiveQuery, searchArchive } from '@/modules/archive/search-archive';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { requirePageArea } from '@/modules/auth/session';
import { isArchivalPurpose } from '@/modules/documents/decide-document-access';
import { AppError } from '@/modules/errors';
import { fill, formatDateTime } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';

export const dynamic = 'force-dynamic';

export default async function ArchivePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('archive', locale, `/${locale}/archive`);
  const isArchivist = actor.roles.includes('archivist');
  if (!isArchivist && !actor.roles.some((role) => CLIENT_HANDLING_ROLES.includes(role))) {
    forbidden();
  }
  const query = await searchParams;
  const purpose = query.purpose?.trim() ?? '';
  const submitted = query.search !== undefined;
  const page = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1);
  const filters = ArchiveQuery.safeParse({
    text: query.text || undefined,
    clientId: query.clientId || undefined,
    caseId: query.caseId || undefined,
    type: query.type || undefined,
    signatureStatus: query.signatureStatus || undefined,
    retentionState: query.retentionState || undefined,
    legalHold: query.legalHold === 'yes' ? true : query.legalHold === 'no' ? false : undefined,
    from: query.from || undefined,
    to: query.to || undefined,
    sort: query.sort || undefined,
    page,
  });
  const reversedDates = Boolean(query.from && query.to && query.from > query.to);
  const needsPurpose = isArchivist && !isArchivalPurpose(purpose);
  const today = helsinkiToday();

  let result: Awaited<ReturnType<typeof searchArchive>> | null = null;
  if (submitted && filters.success && !needsPurpose) {
    try {
      result = await searchArchive(getDb(), actor, filters.data, purpose || null);
    } catch (error) {
      if (error instanceof AppError && error.code === 'forbidden') forbidden();
      throw error;
    }
  }
  const text = t.archive;
  const more = t.archivist;
  const detailLink = (id: string) =>
    `/${locale}/archive/documents/${id}${purpose ? `?${new URLSearchParams({ purpose }).toString()}` : ''}`;
  const link = (n: number) => {
    const next = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
    );
    next.set('page', String(n));
    return `/${locale}/archive?${next.toString()}`;
  };
  return (
    <>
      <h1>{text.title}</h1>
      <form className="stack" method="get" role="search">
        <input type="hidden" name="search" value="1" />
        <div>
          <label htmlFor="text">{text.text}</label>
          <input id="text" name="text" type="search" defaultValue={query.text ?? ''} />
        </div>
        <div>
          <label htmlFor="type">{text.type}</label>
          <select id="type" name="type" defaultValue={query.type ?? ''}>
            <option value="">{text.anyType}</option>
            {DOCUMENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t.documents.types[type]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="signatureStatus">{more.signatureStatus}</label>
          <select
            id="signatureStatus"
            name="signatureStatus"
            defaultValue={query.signatureStatus ?? ''}
          >
            <option value="">{more.anySignature}</option>
            {(['signed', 'unsigned', 'invalid'] as const).map((status) => (
              <option key={status} value={status}>
                {more.signature[status]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="retentionState">{more.retentionState}</label>
          <select
            id="retentionState"
            name="retentionState"
            defaultValue={query.retentionState ?? ''}
          >
            <option value="">{more.anyRetention}</option>
            {RETENTION_STATES.map((state) => (
              <option key={state} value={state}>
                {more.retention[state]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="legalHold">{more.legalHold}</label>
          <select id="legalHold" name="legalHold" defaultValue={query.legalHold ?? ''}>
            <option value="">{more.anyHold}</option>
            <option value="yes">{more.holdYes}</option>
            <option value="no">{more.holdNo}</option>
          </select>
        </div>
        <div>
          <label htmlFor="clientId">{text.clientId}</label>
          <input id="clientId" name="clientId" defaultValue={query.clientId ?? ''} />
        </div>
        <div>
          <label htmlFor="caseId">{text.caseId}</label>
          <input id="caseId" name="caseId" defaultValue={query.caseId ?? ''} />
        </div>
        <div>
          <label htmlFor="from">{text.from}</label>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ''} />
        </div>
        <div>
          <label htmlFor="to">{text.to}</label>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ''} />
        </div>
        <div>
          <label htmlFor="sort">{more.sort}</label>
          <select id="sort" name="sort" defaultValue={query.sort ?? 'relevance'}>
            {(['relevance', 'newest', 'oldest', 'title'] as const).map((sort) => (
              <option key={sort} value={sort}>
                {more.sorts[sort]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="purpose">{text.purpose}</label>
          <input id="purpose" name="purpose" defaultValue={purpose} required={isArchivist} />
        </div>
        <div>
          <button className="primary" type="submit">
            {text.search}
          </button>
        </div>
      </form>
      {submitted && (needsPurpose || !filters.success) && (
        <div className="alert" role="alert">
          {needsPurpose
            ? text.purposeRequired
            : reversedDates
              ? more.invalidDates
              : t.documents.errors.invalid_input}
        </div>
      )}
      {result && (
        <section aria-live="polite">
          <p role="status">
            {result.totalIsLowerBound
              ? fill(t.archivist.resultsMany, { count: result.total })
              : fill(text.results, { count: result.total })}
          </p>
          {result.hits.length === 0 ? (
            <p>{text.none}</p>
          ) : (
            <table data-testid="archive-results">
              <thead>
                <tr>
                  <th scope="col">{t.documents.columnTitle}</th>
                  <th scope="col">{t.documents.columnType}</th>
                  <th scope="col">{text.columnClient}</th>
                  <th scope="col">{t.documents.columnCreated}</th>
                  <th scope="col">{more.columnSignature}</th>
                  <th scope="col">{more.columnRetention}</th>
                  <th scope="col">{more.columnDownload}</th>
                </tr>
              </thead>
              <tbody>
                {result.hits.map((hit) => (
                  <tr key={hit.id}>
                    <td>
                      <a href={detailLink(hit.id)}>{hit.title}</a>
                    </td>
                    <td>{t.documents.types[hit.type]}</td>
                    <td>{hit.clientName}</td>
                    <td>{formatDateTime(hit.createdAt, locale)}</td>
                    <td>{more.signature[hit.signatureStatus]}</td>
                    <td>
                      {more.retention[retentionState(hit, today)]}
                      {hit.legalHold && (
                        <>
                          <br />
                          <strong data-testid="hit-legal-hold">{more.holdYes}</strong>
                        </>
                      )}
                    </td>
                    <td>
                      <a
                        href={`/api/documents/${hit.id}/versions/1?${new URLSearchParams({ purpose, locale }).toString()}`}
                        aria-label={fill(more.downloadOf, { title: hit.title })}
                        download
                      >
                        {more.columnDownload}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            {page > 1 && <a href={link(page - 1)}>{text.previous}</a>}{' '}
            {page * 20 < result.total && <a href={link(page + 1)}>{text.next}</a>}
          </p>
        </section>
      )}
    </>
  );
}
