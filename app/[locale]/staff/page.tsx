import { getDb } from '@/db/client';
import { inArray } from 'drizzle-orm';
import { units } from '@/db/schema';
import { requirePageArea } from '@/modules/auth/session';
import { listClientsForActor } from '@/modules/clients/list-clients-for-actor';
import { fill, formatDateTime } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';

export const dynamic = 'force-dynamic';

export default async function StaffHome({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('staff', locale, `/${locale}/staff`);
  const db = getDb();
  const myUnits = actor.unitIds.length
    ? await db
        .select()
        .from(units)
        .where(inArray(units.id, [...actor.unitIds]))
    : [];
  const requested = Number((await searchParams).page ?? '1');
  const list = await listClientsForActor(db, actor, Number.isInteger(requested) ? requested : 1);

  return (
    <>
      <h1>{t.staff.title}</h1>
      <dl className="facts">
        <dt>{t.staff.yourRoles}</dt>
        <dd data-testid="roles">{actor.roles.map((r) => t.roles[r]).join(', ')}</dd>
        <dt>{t.staff.yourUnits}</dt>
        <dd>{myUnits.length ? myUnits.map((u) => u.name[locale]).join(', ') : t.staff.noUnits}</dd>
        <dt>{t.staff.lastLogin}</dt>
        <dd>{actor.lastLoginAt ? formatDateTime(actor.lastLoginAt, locale) : t.format.never}</dd>
      </dl>

      <h2>{t.staff.clientsTitle}</h2>
      {list ? (
        <>
          <p className="muted">{fill(t.staff.clientCount, { count: list.total })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.staff.name}</th>
                <th scope="col">{t.staff.identityCode}</th>
                <th scope="col">{t.staff.household}</th>
                <th scope="col">{t.staff.unit}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <a href={`/${locale}/staff/clients/${row.id}`}>{row.name}</a>
                  </td>
                  <td>{row.maskedIdentityCode}</td>
                  <td>{fill(t.staff.householdSize, { count: row.householdSize })}</td>
                  <td>{row.unitName[locale]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav
            className="pager"
            aria-label={fill(t.staff.page, { page: list.page, pages: list.pages })}
          >
            {list.page > 1 && (
              <a href={`/${locale}/staff?page=${list.page - 1}`}>{t.staff.previous}</a>
            )}
            <span>{fill(t.staff.page, { page: list.page, pages: list.pages })}</span>
            {list.page < list.pages && (
              <a href={`/${locale}/staff?page=${list.page + 1}`}>{t.staff.next}</a>
            )}
          </nav>
        </>
      ) : (
        <p>{actor.unitIds.length ? t.staff.noClientAccess : t.staff.noUnits}</p>
      )}
    </>
  );
}
