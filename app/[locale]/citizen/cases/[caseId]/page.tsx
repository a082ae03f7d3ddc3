import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { openOwnCase, REPLY_MAX_LENGTH, type OwnCase } from '@/modules/citizen/own-cases';
import { AppError } from '@/modules/errors';
import { fill, formatDate, formatDateTime } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';
import { getEngine } from '@/modules/process/engine';
import { APPEAL_TEXT_MAX_LENGTH } from '@/modules/appeals/file-appeal';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { UploadField } from '../../upload-field';
import { ownDecisionDelivery } from '@/modules/delivery/own-decision-delivery';
import { appealAction, replyAction } from './actions';

export const dynamic = 'force-dynamic';

export default async function OwnCasePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; caseId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const { caseId } = await params;
  const actor = await requirePageArea('citizen', locale, `/${locale}/citizen/cases/${caseId}`);
  let own: OwnCase;
  try {
    own = await openOwnCase(getDb(), getEngine(), actor, caseId);
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
  const decisionDelivery = await ownDecisionDelivery(getDb(), actor, caseId);
  const tc = t.citizenCases;
  const c = own.case;
  const query = await searchParams;
  const reply = query.reply;
  const appeal = query.appeal;
  const itemTexts = t.letters.informationRequest.items as Record<string, string>;

  return (
    <>
      <p>
        <a href={`/${locale}/citizen`}>{tc.back}</a>
      </p>
      <h1>{c.caseNumber ? fill(tc.caseTitle, { number: c.caseNumber }) : tc.caseTitlePending}</h1>
      <dl className="facts">
        <dt>{tc.status}</dt>
        <dd data-testid="own-case-status">{tc.statuses[c.status]}</dd>
        <dt>{tc.received}</dt>
        <dd>{formatDate(c.receivedOn, locale)}</dd>
        {c.decisionDueOn && !c.closedAt && (
          <>
            <dt>{tc.dueBy}</dt>
            <dd>{formatDate(c.decisionDueOn, locale)}</dd>
          </>
        )}
      </dl>
      {decisionDelivery && (
        <p data-testid="decision-delivery">
          {fill(t.notices.delivery[decisionDelivery.channel], {
            date: formatDate(decisionDelivery.sentOn, locale),
            notified: formatDate(decisionDelivery.deemedNotifiedOn, locale),
          })}
        </p>
      )}
      {own.notifiedOn && <p>{fill(tc.notifiedOn, { date: formatDate(own.notifiedOn, locale) })}</p>}
      {own.appealDeadline && (
        <p>{fill(tc.appealBy, { date: formatDate(own.appealDeadline, locale) })}</p>
      )}

      <section aria-labelledby="reply" id="reply-section">
        {reply === 'sent' && (
          <p className="notice" role="status">
            {tc.replySent}
          </p>
        )}
        {reply === 'invalid' && (
          <p className="alert" role="alert">
            {tc.replyInvalid}
          </p>
        )}
        {reply === 'closed' && (
          <p className="alert" role="alert">
            {tc.replyClosed}
          </p>
        )}
        {own.informationRequest && (
          <>
            <h2 id="reply">{tc.requestTitle}</h2>
            <ul data-testid="requested-items">
              {own.informationRequest.items.map((item) => (
                <li key={item}>{itemTexts[item] ?? item}</li>
              ))}
            </ul>
            {own.informationRequest.freeText && (
              <p>{fill(tc.requestDetails, { text: own.informationRequest.freeText })}</p>
            )}
            {own.informationRequest.replyDueOn && (
              <p>
                <strong>
                  {fill(tc.requestDue, {
                    date: formatDate(own.informationRequest.replyDueOn, locale),
                  })}
                </strong>
              </p>
            )}
            <form className="stack" action={replyAction.bind(null, locale, c.id)}>
              <div>
                <label htmlFor="message">{tc.replyLabel}</label>
                <textarea
                  id="message"
                  name="message"
                  rows={4}
                  required
                  maxLength={REPLY_MAX_LENGTH}
                />
              </div>
              <UploadField
                locale={locale}
                texts={t.apply.upload}
                purpose="information_reply"
                caseId={c.id}
                name="attachmentIds"
                label={tc.replyFiles}
              />
              <div>
                <button className="primary" type="submit">
                  {tc.replySend}
                </button>
              </div>
            </form>
          </>
        )}
        {own.replies.length > 0 && (
          <>
            <h2 id={own.informationRequest ? undefined : 'reply'}>{tc.replies}</h2>
            <ul data-testid="own-replies">
              {own.replies.map((r) => (
                <li key={r.id}>
                  <small>{formatDateTime(r.sentAt, locale)}</small>
                  <p>{r.body}</p>
                  {r.attachmentIds.length > 0 && (
                    <p>{fill(tc.sentFiles, { count: String(r.attachmentIds.length) })}</p>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {own.notifiedOn && own.appealDeadline && (
        <section aria-labelledby="appeal">
          <h2 id="appeal">{tc.appealTitle}</h2>
          {appeal === 'sent' && (
            <p className="notice" role="status">
              {tc.appealSent}
            </p>
          )}
          {appeal === 'late' && (
            <p className="notice" role="status">
              {tc.appealSentLate}
            </p>
          )}
          {appeal === 'invalid' && (
            <p className="alert" role="alert">
              {tc.appealInvalid}
            </p>
          )}
          <p>{tc.appealHelp}</p>
          {helsinkiToday() > own.appealDeadline && (
            <p data-testid="appeal-late-note">
              {fill(tc.appealLate, { date: formatDate(own.appealDeadline, locale) })}
            </p>
          )}
          <form className="stack" action={appealAction.bind(null, locale, c.id)}>
            <div>
              <label htmlFor="appeal-text">{tc.appealText}</label>
              <textarea
                id="appeal-text"
                name="appeal"
                rows={6}
                required
                maxLength={APPEAL_TEXT_MAX_LENGTH}
              />
            </div>
            <UploadField
              locale={locale}
              texts={t.apply.upload}
              purpose="reconsideration"
              caseId={c.id}
              name="attachmentIds"
              label={tc.appealFiles}
            />
            <div>
              <button type="submit">{tc.appealSend}</button>
            </div>
          </form>
        </section>
      )}

      <section aria-labelledby="letters">
        <h2 id="letters">{tc.letters}</h2>
        {own.letters.length === 0 ? (
          <p>{tc.noLetters}</p>
        ) : (
          <ul data-testid="own-letters">
            {own.letters.map((l) => (
              <li key={l.deliveryId}>
                {l.title} ({fill(tc.sentOn, { date: formatDate(l.sentAt, locale) })}){' '}
                <a href={`/api/documents/${l.documentId}/versions/1`}>{tc.download}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
