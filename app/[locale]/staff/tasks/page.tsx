import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { fill, formatDate, type Messages } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';
import { getEngine } from '@/modules/process/engine';
import type { DeadlineStatus } from '@/modules/worklist/deadline-status';
import { loadWorkQueue, type WorkQueueRow } from '@/modules/worklist/load-work-queue';
import {
  parseCursor,
  parseQueueView,
  queueViewParams,
  QUEUE_VIEW_FIELDS,
  type QueueView,
} from '@/modules/worklist/queue-view';
import type { QueueTab, QueueUnit } from '@/modules/worklist/queues-of-actor';
import { listSavedFilters } from '@/modules/worklist/saved-filters';
import { QUEUE_PROCESSES, USER_TASK_TYPES } from '@/modules/worklist/task-types';
import {
  assignTaskAction,
  claimTaskAction,
  deleteFilterAction,
  releaseTaskAction,
  saveFilterAction,
} from './actions';
import { CommandForm } from './command-form';
import { LiveQueue } from './live-queue';

export const dynamic = 'force-dynamic';

type W = Messages['worklist'];

function tabLabel(tab: QueueTab, w: W, locale: 'fi' | 'sv' | 'en'): string {
  if (tab.kind === 'mine') return w.tabMine;
  if (tab.kind === 'all') return w.tabAll;
  return fill(tab.kind === 'decision' ? w.tabDecision : w.tabUnit, {
    unit: tab.unit.name[locale],
  });
}

function deadlineText(d: DeadlineStatus, w: W): string {
  if (d.kind === 'none') return w.deadlineNone;
  if (d.kind === 'overdue') return fill(w.deadlineOverdue, { days: d.workingDays });
  if (d.kind === 'near' && d.workingDays === 0) return w.deadlineToday;
  return fill(d.kind === 'near' ? w.deadlineNear : w.deadlinePlenty, { days: d.workingDays });
}

function age(since: Date, now: Date, w: W): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return fill(w.ageMinutes, { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return fill(w.ageHours, { hours, minutes: minutes % 60 });
  return fill(w.ageDays, { days: Math.floor(hours / 24), hours: hours % 24 });
}

function taskName(row: WorkQueueRow, w: W): string {
  return (w.taskNames as Record<string, string>)[row.elementId] ?? row.taskName ?? row.elementId;
}

export default async function WorkQueuePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const base = `/${locale}/staff/tasks`;
  const actor = await requirePageArea('staff', locale, base);
  const w = t.worklist;
  const sp = await searchParams;
  const parsed = parseQueueView(sp);
  const db = getDb();
  const now = new Date();
  const result = await loadWorkQueue(db, getEngine(), actor, {
    view: parsed.view,
    invalid: parsed.ok ? [] : parsed.fields,
    after: parseCursor(sp.after),
    before: parseCursor(sp.before),
    now,
  });

  if (result.kind === 'no_queues') {
    return (
      <>
        <h1>{w.title}</h1>
        <p>{w.noQueues}</p>
      </>
    );
  }
  const { queues } = result;
  const view: QueueView = parsed.view;
  const href = (v: QueueView, extra: Record<string, string> = {}) => {
    const p = queueViewParams(v);
    for (const [k, val] of Object.entries(extra)) p.set(k, val);
    const q = p.toString();
    return q ? `${base}?${q}` : base;
  };
  const saved = await listSavedFilters(db, actor.userId);
  const bound = {
    claim: claimTaskAction.bind(null, locale),
    release: releaseTaskAction.bind(null, locale),
    assign: assignTaskAction.bind(null, locale),
    save: saveFilterAction.bind(null, locale),
    remove: deleteFilterAction.bind(null, locale),
  };
  const currentView: Record<string, string> = {};
  for (const f of QUEUE_VIEW_FIELDS) currentView[f] = view[f] ?? '';

  return (
    <>
      <h1>{w.title}</h1>
      <nav aria-label={w.tabs} className="queue-tabs">
        <ul>
          {queues.tabs.map((tab) => (
            <li key={tab.id}>
              <a
                href={href({ ...view, tab: tab.id, assignee: undefined })}
                aria-current={result.kind === 'ok' && result.tab.id === tab.id ? 'page' : undefined}
                data-testid={`tab-${tab.id}`}
              >
                {tabLabel(tab, w, locale)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <LiveQueue updatedText={w.live} locale={locale} />

      {result.kind === 'refused' ? (
        <p className="alert" role="alert" data-testid="queue-refused">
          {w.refused}
        </p>
      ) : (
        <>
          {result.invalid.length > 0 && (
            <p className="alert" role="alert" data-testid="queue-invalid">
              {fill(w.invalid, { fields: result.invalid.map((f) => w.fields[f]).join(', ') })}
            </p>
          )}
          <FilterForm
            w={w}
            base={base}
            view={view}
            units={queues.units}
            locale={locale}
            members={result.tab.kind === 'mine' ? null : queues.members}
          />
          <section aria-labelledby="saved-title" className="saved-filters">
            <h2 id="saved-title">{w.saved}</h2>
            {saved.length ? (
              <ul>
                {saved.map((f) => (
                  <li key={f.id}>
                    <a href={f.query ? `${base}?${f.query}` : base}>{f.name}</a>
                    <CommandForm action={bound.remove} hidden={{ filterId: f.id }}>
                      <button type="submit" className="secondary">
                        {fill(w.deleteSaved, { name: f.name })}
                      </button>
                    </CommandForm>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{w.noSaved}</p>
            )}
            <CommandForm action={bound.save} hidden={currentView} className="command inline">
              <label htmlFor="saved-name">{w.saveName}</label>
              <input id="saved-name" name="name" maxLength={80} required />
              <button type="submit" className="secondary">
                {w.save}
              </button>
            </CommandForm>
          </section>

          <p className="muted" data-testid="queue-count">
            {result.totalCapped
              ? fill(w.countCapped, { count: result.total })
              : fill(w.count, { count: result.total })}
          </p>
          {result.rows.length === 0 ? (
            <p data-testid="queue-empty">{w.empty}</p>
          ) : (
            <table className="queue" data-testid="queue-table">
              <caption>
                {fill(w.tableCaption, {
                  sort: view.sort === 'priority' ? w.sortPriority : w.sortDeadline,
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{w.columnClient}</th>
                  <th scope="col">{w.columnCase}</th>
                  <th scope="col">{w.columnTask}</th>
                  <th scope="col">{w.columnDeadline}</th>
                  <th scope="col">{w.columnAge}</th>
                  <th scope="col">{w.columnAssignee}</th>
                  <th scope="col">{w.columnActions}</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => {
                  const name = taskName(row, w);
                  const caseLabel = row.caseNumber ?? row.caseId ?? w.noCase;
                  const context = `${name}, ${caseLabel}`;
                  return (
                    <tr key={row.userTaskKey} data-testid={`task-${row.userTaskKey}`}>
                      <td>
                        {row.clientName ?? '—'}
                        {row.maskedIdentityCode && (
                          <>
                            <br />
                            <span className="muted">{row.maskedIdentityCode}</span>
                          </>
                        )}
                      </td>
                      <td>
                        {row.caseId ? (
                          <a href={`/${locale}/staff/cases/${row.caseId}`}>{caseLabel}</a>
                        ) : (
                          w.noCase
                        )}
                      </td>
                      <td>
                        <a href={`${base}/${row.userTaskKey}`}>{name}</a>
                        {row.urgent && (
                          <>
                            {' '}
                            <strong className="tag urgent">{w.urgentTag}</strong>
                          </>
                        )}
                      </td>
                      <td>
                        {row.dueOn && (
                          <>
                            {formatDate(row.dueOn, locale)}
                            <br />
                          </>
                        )}
                        <span
                          className={`deadline deadline-${row.deadline.kind}`}
                          data-testid="deadline"
                        >
                          {deadlineText(row.deadline, w)}
                        </span>
                      </td>
                      <td>{age(row.createdAt, now, w)}</td>
                      <td data-testid="assignee">
                        {row.assignee
                          ? row.assignee.userId === actor.userId
                            ? fill(w.you, { name: row.assignee.displayName })
                            : row.assignee.displayName
                          : w.nobody}
                      </td>
                      <td>
                        {row.canClaim && (
                          <CommandForm action={bound.claim} hidden={{ taskKey: row.userTaskKey }}>
                            <button type="submit" className="secondary">
                              {w.claim}
                              <span className="visually-hidden">: {context}</span>
                            </button>
                          </CommandForm>
                        )}
                        {row.canRelease && (
                          <CommandForm action={bound.release} hidden={{ taskKey: row.userTaskKey }}>
                            <button type="submit" className="secondary">
                              {w.release}
                              <span className="visually-hidden">: {context}</span>
                            </button>
                          </CommandForm>
                        )}
                        {row.assignableTo.length > 0 && (
                          <CommandForm
                            action={bound.assign}
                            hidden={{ taskKey: row.userTaskKey }}
                            className="command inline"
                          >
                            <label htmlFor={`assign-${row.userTaskKey}`}>
                              {w.assignTo}
                              <span className="visually-hidden">: {context}</span>
                            </label>
                            <select id={`assign-${row.userTaskKey}`} name="assignee" required>
                              <option value="">{w.chooseAssignee}</option>
                              {row.assignableTo.map((m) => (
                                <option key={m.userId} value={m.userId}>
                                  {m.displayName}
                                </option>
                              ))}
                            </select>
                            <button type="submit" className="secondary">
                              {w.assign}
                              <span className="visually-hidden">: {context}</span>
                            </button>
                          </CommandForm>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {(result.previous || result.next) && (
            <nav className="pager" aria-label={w.pager}>
              {result.previous && (
                <>
                  <a href={href(view)}>{w.first}</a>
                  <a href={href(view, { before: result.previous })} rel="prev">
                    {w.previous}
                  </a>
                </>
              )}
              {result.next && (
                <a href={href(view, { after: result.next })} rel="next">
                  {w.next}
                </a>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}

function FilterForm({
  w,
  base,
  view,
  units,
  locale,
  members,
}: {
  w: W;
  base: string;
  view: QueueView;
  units: QueueUnit[];
  locale: 'fi' | 'sv' | 'en';
  members: { userId: string; displayName: string }[] | null;
}) {
  const processes = w.processes as Record<string, string>;
  const names = w.taskNames as Record<string, string>;
  return (
    <form method="get" action={base} className="queue-filters" aria-labelledby="filters-title">
      <h2 id="filters-title">{w.filters}</h2>
      <input type="hidden" name="tab" value={view.tab} />
      <div>
        <label htmlFor="f-process">{w.process}</label>
        <select id="f-process" name="process" defaultValue={view.process ?? ''}>
          <option value="">{w.any}</option>
          {QUEUE_PROCESSES.map((p) => (
            <option key={p} value={p}>
              {processes[p] ?? p}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-task">{w.taskType}</label>
        <select id="f-task" name="task" defaultValue={view.task ?? ''}>
          <option value="">{w.any}</option>
          {USER_TASK_TYPES.map((tt) => (
            <option key={tt.elementId} value={tt.elementId}>
              {names[tt.elementId] ?? tt.elementId}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-dueFrom">{w.dueFrom}</label>
        <input id="f-dueFrom" name="dueFrom" type="date" defaultValue={view.dueFrom ?? ''} />
      </div>
      <div>
        <label htmlFor="f-dueTo">{w.dueTo}</label>
        <input id="f-dueTo" name="dueTo" type="date" defaultValue={view.dueTo ?? ''} />
      </div>
      <div>
        <label htmlFor="f-followFrom">{w.followFrom}</label>
        <input
          id="f-followFrom"
          name="followFrom"
          type="date"
          defaultValue={view.followFrom ?? ''}
        />
      </div>
      <div>
        <label htmlFor="f-followTo">{w.followTo}</label>
        <input id="f-followTo" name="followTo" type="date" defaultValue={view.followTo ?? ''} />
      </div>
      {units.length > 1 && (
        <div>
          <label htmlFor="f-unit">{w.unit}</label>
          <select id="f-unit" name="unit" defaultValue={view.unit ?? ''}>
            <option value="">{w.any}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name[locale]}
              </option>
            ))}
          </select>
        </div>
      )}
      {members && (
        <div>
          <label htmlFor="f-assignee">{w.assignee}</label>
          <select id="f-assignee" name="assignee" defaultValue={view.assignee ?? ''}>
            <option value="">{w.any}</option>
            <option value="none">{w.unassigned}</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.displayName}
              </option>
            ))}
          </select>
        </div>
      )}
      <div>
        <label htmlFor="f-sort">{w.sort}</label>
        <select id="f-sort" name="sort" defaultValue={view.sort}>
          <option value="deadline">{w.sortDeadline}</option>
          <option value="priority">{w.sortPriority}</option>
        </select>
      </div>
      <div className="checks">
        <input
          id="f-overdue"
          name="overdue"
          type="checkbox"
          value="1"
          defaultChecked={view.overdue === '1'}
        />
        <label htmlFor="f-overdue">{w.overdue}</label>
        <input
          id="f-urgent"
          name="urgent"
          type="checkbox"
          value="1"
          defaultChecked={view.urgent === '1'}
        />
        <label htmlFor="f-urgent">{w.urgent}</label>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {w.apply}
        </button>
        <a href={view.tab === 'mine' ? base : `${base}?tab=${encodeURIComponent(view.tab)}`}>
          {w.clear}
        </a>
      </div>
    </form>
  );
}
