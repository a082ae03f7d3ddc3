import { asc } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { unitMemberships, units, users } from '@/db/schema';
import { appendAudit, verifyAuditChain } from '@/modules/audit';
import { requirePageArea } from '@/modules/auth/session';
import { fill, formatDate, formatDateTime } from '@/modules/i18n';
import { NORM_TABLES } from '@/modules/calculation/norms';
import { sampleDays } from '@/modules/retention/retention-rules';
import { pageLocale } from '@/modules/i18n/server';
import { listIntegrityIncidents } from '@/modules/archive/integrity-incidents';
import { acknowledgeIncidentAction, unlockUserAction } from './actions';
import { NoticeProblems } from './notice-problems';

export const dynamic = 'force-dynamic';

export default async function AdminPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<{ verify?: string; saved?: string }>;
}) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('admin', locale, `/${locale}/admin`);
  const db = getDb();
  const allUsers = await db.select().from(users).orderBy(asc(users.username));
  const memberships = await db.select().from(unitMemberships);
  const allUnits = await db.select().from(units);
  const unitName = new Map(allUnits.map((u) => [u.id, u.name[locale]]));
  const now = new Date();
  const incidents = await listIntegrityIncidents(db, actor);
  const it = t.archivist;

  const query = await searchParams;
  const saved = Boolean(query.saved);
  let report = null;
  if (query.verify) {
    report = await verifyAuditChain(db);
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'audit.verify',
      details: report.ok
        ? { ok: true, rows: report.rows }
        : { ok: false, brokenAtSeq: report.brokenAtSeq },
    });
  }

  return (
    <>
      <h1>{t.admin.title}</h1>
      <h2>{t.admin.verifyTitle}</h2>
      <p>{t.admin.verifyIntro}</p>
      <ul data-testid="verify-rules">
        {NORM_TABLES.filter((n) => n.verify).map((n) => (
          <li key={n.validFrom}>
            {fill(t.admin.verifyNorms, { from: formatDate(n.validFrom, locale) })}
          </li>
        ))}
        <li>{fill(t.admin.verifySample, { days: sampleDays().join(', ') })}</li>
        <li>{t.admin.verifyTexts}</li>
        <li>{t.admin.verifyElectronic}</li>
      </ul>
      <h2>{t.admin.auditTitle}</h2>
      <form method="get">
        <input type="hidden" name="verify" value="1" />
        <button className="secondary" type="submit">
          {t.admin.verify}
        </button>
      </form>
      {report && (
        <p className={report.ok ? 'notice' : 'alert'} role="status" data-testid="audit-report">
          {report.ok
            ? fill(t.admin.auditOk, { rows: report.rows })
            : fill(t.admin.auditBroken, {
                seq: report.brokenAtSeq,
                reason: t.admin.auditReasons[report.reason],
              })}
        </p>
      )}

      <h2>{it.incidentsTitle}</h2>
      <p>{it.incidentsIntro}</p>
      {incidents.length === 0 ? (
        <p data-testid="integrity-incidents-none">{it.noIncidents}</p>
      ) : (
        <table data-testid="integrity-incidents">
          <thead>
            <tr>
              <th scope="col">{it.columnSeen}</th>
              <th scope="col">{it.columnObject}</th>
              <th scope="col">{it.columnDocument}</th>
              <th scope="col">{it.columnProblem}</th>
              <th scope="col">{it.columnSource}</th>
              <th scope="col">{it.columnCount}</th>
              <th scope="col">{it.columnStatus}</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((incident) => (
              <tr key={incident.id}>
                <td>{formatDateTime(incident.lastSeenAt, locale)}</td>
                <td>
                  <code className="hash">{incident.storageKey}</code>
                </td>
                <td>
                  {incident.documentId ? (
                    <code className="hash">{`${incident.documentId} / ${incident.versionNo ?? '?'}`}</code>
                  ) : (
                    '–'
                  )}
                </td>
                <td>
                  {it.problems[incident.problem as keyof typeof it.problems] ?? incident.problem}
                </td>
                <td>{it.incidentSources[incident.source]}</td>
                <td>{incident.occurrences}</td>
                <td>
                  {incident.acknowledgedAt ? (
                    `${it.acknowledged} ${formatDateTime(incident.acknowledgedAt, locale)}`
                  ) : (
                    <form action={acknowledgeIncidentAction.bind(null, locale)}>
                      {it.openIncident}{' '}
                      <input type="hidden" name="incidentId" value={incident.id} />
                      <button
                        className="secondary"
                        type="submit"
                        aria-label={fill(it.acknowledgeOf, {
                          key: incident.storageKey.slice(6, 18),
                        })}
                      >
                        {it.acknowledge}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <NoticeProblems actor={actor} t={t} locale={locale} />

      <h2>{t.admin.users}</h2>
      {saved && (
        <p className="notice" role="status">
          {t.admin.saved}
        </p>
      )}
      <p>
        <a className="button" href={`/${locale}/admin/users/new`}>
          {t.admin.newUser}
        </a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.admin.username}</th>
            <th scope="col">{t.admin.name}</th>
            <th scope="col">{t.admin.roles}</th>
            <th scope="col">{t.admin.units}</th>
            <th scope="col">{t.admin.status}</th>
          </tr>
        </thead>
        <tbody>
          {allUsers.map((u) => {
            const locked = u.lockedUntil && u.lockedUntil > now;
            return (
              <tr key={u.id} data-testid={`user-${u.username}`}>
                <td>
                  <a
                    href={`/${locale}/admin/users/${u.id}`}
                    aria-label={`${t.admin.edit}: ${u.username}`}
                  >
                    {u.username}
                  </a>
                </td>
                <td>{u.displayName}</td>
                <td>{u.roles.map((r) => t.roles[r]).join(', ')}</td>
                <td>
                  {memberships
                    .filter((m) => m.userId === u.id)
                    .map((m) => unitName.get(m.unitId))
                    .join(', ')}
                </td>
                <td>
                  {locked ? (
                    <form action={unlockUserAction.bind(null, locale)}>
                      {fill(t.admin.lockedUntil, { time: formatDateTime(u.lockedUntil!, locale) })}{' '}
                      <input type="hidden" name="userId" value={u.id} />
                      <button className="secondary" type="submit">
                        {t.admin.unlock}
                      </button>
                    </form>
                  ) : u.active ? (
                    t.admin.active
                  ) : (
                    t.admin.inactive
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
