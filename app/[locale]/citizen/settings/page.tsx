import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { fill, formatDateTime } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';
import { loadNoticeSettings } from '@/modules/notices/load-notice-settings';
import { EMAIL_MAX_LENGTH } from '@/modules/notices/set-notice-email';
import { consentAction, emailAction } from './actions';

export const dynamic = 'force-dynamic';

export default async function CitizenSettings({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('citizen', locale, `/${locale}/citizen/settings`);
  const ts = t.notices.settings;
  if (!actor.clientId) {
    return (
      <>
        <h1>{ts.title}</h1>
        <p>{t.citizen.notLinked}</p>
      </>
    );
  }
  const settings = await loadNoticeSettings(getDb(), actor);
  const done = (await searchParams).done;
  const consent = settings.consent;
  const messagesByStatus: Record<string, { text: string; error: boolean }> = {
    'consent-given': { text: ts.consentSaved, error: false },
    'consent-withdrawn': { text: ts.withdrawnSaved, error: false },
    'email-saved': { text: ts.emailSaved, error: false },
    'email-cleared': { text: ts.emailCleared, error: false },
    'email-invalid': { text: ts.emailInvalid, error: true },
    failed: { text: ts.failed, error: true },
  };
  const status = done ? messagesByStatus[done] : undefined;
  const consentDone = done === 'consent-given' || done === 'consent-withdrawn';

  return (
    <>
      <p>
        <a href={`/${locale}/citizen`}>{ts.back}</a>
      </p>
      <h1>{ts.title}</h1>

      <section aria-labelledby="consent">
        <h2 id="consent">{ts.consentTitle}</h2>
        {status && consentDone && (
          <p className="notice" role="status">
            {status.text}
          </p>
        )}
        <p>{ts.consentHelp}</p>
        <p data-testid="consent-state">
          {consent
            ? fill(consent.given ? ts.consentGiven : ts.consentWithdrawn, {
                date: formatDateTime(consent.at, locale),
              })
            : ts.consentNone}
        </p>
        <form action={consentAction.bind(null, locale)}>
          <input type="hidden" name="given" value={consent?.given ? 'false' : 'true'} />
          <button className={consent?.given ? 'secondary' : 'primary'} type="submit">
            {consent?.given ? ts.withdraw : ts.give}
          </button>
        </form>
        {settings.history.length > 0 && (
          <>
            <h3>{ts.historyTitle}</h3>
            <ul data-testid="consent-history">
              {settings.history.map((h) => (
                <li key={h.id}>
                  {formatDateTime(h.at, locale)} · {ts.actions[h.given ? 'given' : 'withdrawn']} ·{' '}
                  {ts.channels[h.channel]}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="email">
        <h2 id="email">{ts.emailTitle}</h2>
        {status && !consentDone && (
          <p className={status.error ? 'alert' : 'notice'} role={status.error ? 'alert' : 'status'}>
            {status.text}
          </p>
        )}
        <p>{ts.emailHelp}</p>
        <p data-testid="email-state">
          {settings.email ? fill(ts.emailCurrent, { email: settings.email }) : ts.emailNone}
        </p>
        <form className="stack" action={emailAction.bind(null, locale)}>
          <div>
            <label htmlFor="notice-email">{ts.emailLabel}</label>
            <input
              id="notice-email"
              name="email"
              type="email"
              autoComplete="email"
              maxLength={EMAIL_MAX_LENGTH}
              defaultValue={settings.email ?? ''}
              aria-invalid={done === 'email-invalid' ? true : undefined}
            />
          </div>
          <div>
            <button className="primary" type="submit">
              {ts.emailSave}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
