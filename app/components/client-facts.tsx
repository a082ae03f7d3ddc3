import type { Household, Client } from '@/modules/clients/open-client';
import { formatDate, type Messages } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';

/** A client's identity and address, and the household as a table with a chosen second column. */
export function ClientFacts({
  t,
  locale,
  client,
  household,
  members,
  householdTitle,
  memberColumn,
}: {
  t: Messages;
  locale: Locale;
  client: Client;
  household: Household | null;
  members: Client[];
  householdTitle: string;
  memberColumn: { title: string; value: (member: Client) => string };
}) {
  return (
    <>
      <dl className="facts">
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
      <h2>{householdTitle}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.staff.name}</th>
            <th scope="col">{memberColumn.title}</th>
            <th scope="col">{t.client.role}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.firstNames} {m.lastName}
              </td>
              <td>{memberColumn.value(m)}</td>
              <td>{m.householdRole ? t.client.householdRoles[m.householdRole] : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
