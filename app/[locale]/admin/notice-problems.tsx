// The admin page's section on e-mail notices: how many wait, and those that failed on every
// attempt with the reason (addresses masked; no client data).
import { getDb } from '@/db/client';
import type { LoadedActor } from '@/modules/access/load-actor';
import { fill, formatDateTime, type Messages } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';
import { listNoticeProblems } from '@/modules/notices/list-notice-problems';

export async function NoticeProblems({
  actor,
  t,
  locale,
}: {
  actor: LoadedActor;
  t: Messages;
  locale: Locale;
}) {
  const { pending, failed } = await listNoticeProblems(getDb(), actor);
  const ta = t.notices.admin;
  return (
    <section aria-labelledby="failed-notices">
      <h2 id="failed-notices">{ta.failedTitle}</h2>
      <p>{ta.failedIntro}</p>
      <p data-testid="notices-pending">{fill(ta.pending, { count: pending })}</p>
      {failed.length === 0 ? (
        <p data-testid="failed-notices-none">{ta.none}</p>
      ) : (
        <table data-testid="failed-notices">
          <thead>
            <tr>
              <th scope="col">{ta.created}</th>
              <th scope="col">{ta.failedAt}</th>
              <th scope="col">{ta.attempts}</th>
              <th scope="col">{ta.reason}</th>
            </tr>
          </thead>
          <tbody>
            {failed.map((n) => (
              <tr key={n.id}>
                <td>{formatDateTime(n.createdAt, locale)}</td>
                <td>{n.failedAt ? formatDateTime(n.failedAt, locale) : ''}</td>
                <td>{n.attempts}</td>
                <td>
                  <code>{n.reason}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
