import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { openClient } from '@/modules/clients/open-client';
import { formatDate } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';

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
  return (
    <>
      <h1>{t.citizen.title}</h1>
      <dl className="facts">
        <dt>{t.staff.name}</dt>
        <dd>
          {client.firstNames} {client.lastName}
        </dd>
        <dt>{t.staff.identityCode}</dt>
        <dd data-testid="identity-code">{client.identityCode}</dd>
        <dt>{t.client.birthDate}</dt>
        <dd>{formatDate(client.birthDate, locale)}</dd>
        {household && (
          <>
            <dt>{t.client.address}</dt>
            <dd>
              {household.streetAddress}, {household.postalCode} {household.municipality}
            </dd>
          </>
        )}
      </dl>
      <h2>{t.citizen.household}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.staff.name}</th>
            <th scope="col">{t.staff.identityCode}</th>
            <th scope="col">{t.client.role}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.firstNames} {m.lastName}
              </td>
              <td>{m.id === client.id ? m.identityCode : maskIdentityCode(m.identityCode)}</td>
              <td>{m.householdRole ? t.client.householdRoles[m.householdRole] : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
