import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { openClient } from '@/modules/clients/open-client';
import { pageLocale } from '@/modules/i18n/server';
import { ClientFacts } from '@/app/components/client-facts';
import { listOwnCases } from '@/modules/citizen/own-cases';
import { fill, formatDate, formatDateTime } from '@/modules/i18n';
import { hasOpenDraft } from '@/modules/citizen/apply/own-application-draft';

export const dynamic = 'force-dynamic';

export default async function CitizenHome({ params }: { params: Promise<{ locale: string }> }) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('citizen', locale, `/${locale}/citizen`);
  if (!actor.clientId) {
    return (
      <>
        <h1>{t.citizen.title}</h1>
        <p>{t.citizen.notLinked}</p>
      </>
    );
  }
  const { client, household, members } = await openClient(
    getDb(),
    actor,
    actor.clientId,
    'citizen: own data',
  );
  const own = await listOwnCases(getDb(), actor);
  const tc = t.citizenCases;
  const draftSavedAt = await hasOpenDraft(getDb(), actor);
  return (
    <>
      <h1>{t.citizen.title}</h1>
      <section aria-labelledby="apply-title">
        <h2 id="apply-title" className="long-words">
          {t.apply.title}
        </h2>
        {draftSavedAt ? (
          <p>
            {fill(t.apply.continueSaved, { date: formatDateTime(draftSavedAt, locale) })}{' '}
            <a href={`/${locale}/citizen/apply`} data-testid="continue-application">
              {t.apply.continue}
            </a>
          </p>
        ) : (
          <p>
            <a href={`/${locale}/citizen/apply`}>{t.apply.start}</a>
          </p>
        )}
      </section>
      <p>
        <a href={`/${locale}/citizen/settings`}>{t.notices.settings.link}</a>
      </p>
      <section aria-labelledby="my-cases">
        <h2 id="my-cases">{tc.title}</h2>
        {own.length === 0 ? (
          <p>{tc.none}</p>
        ) : (
          <ul className="case-list" data-testid="own-cases">
            {own.map((c) => (
              <li key={c.id}>
                <a href={`/${locale}/citizen/cases/${c.id}`}>
                  {c.caseNumber
                    ? fill(tc.caseTitle, { number: c.caseNumber })
                    : tc.caseTitlePending}
                </a>
                {' · '}
                <span data-testid="own-case-status">{tc.statuses[c.status]}</span>
                {' · '}
                {tc.received} {formatDate(c.receivedOn, locale)}
                {c.decisionDueOn && !c.closedAt && (
                  <>
                    {' · '}
                    {tc.dueBy} {formatDate(c.decisionDueOn, locale)}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ClientFacts
        t={t}
        locale={locale}
        client={client}
        household={household}
        members={members}
        householdTitle={t.citizen.household}
        memberColumn={{
          title: t.staff.identityCode,
          value: (m) => (m.id === client.id ? m.identityCode : maskIdentityCode(m.identityCode)),
        }}
      />
    </>
  );
}
