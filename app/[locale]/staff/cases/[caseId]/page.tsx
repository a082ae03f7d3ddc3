import { forbidden, notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { CONTACT_CHANNELS } from '@/db/casework-schema';
import { ClientFacts } from '@/app/components/client-facts';
import { requirePageArea } from '@/modules/auth/session';
import { workingDaysBetween } from '@/modules/calendar/finnish-calendar';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import {
  elementNames,
  openCase,
  type CasePurpose,
  type OpenedCase,
} from '@/modules/cases/open-case';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { AppError } from '@/modules/errors';
import { fill, formatDate, formatDateTime, formatMoney, type Messages } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';
import { pageLocale } from '@/modules/i18n/server';
import { getEngine } from '@/modules/process/engine';
import { addNoteAction, recordContactAction, registerPaperAppealAction } from './actions';
import { ProcessDiagram } from './process-diagram';

export const dynamic = 'force-dynamic';

const query = z.object({
  task: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  reason: z.string().max(500).optional(),
  status: z.string().max(40).optional(),
});

export default async function CasePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; caseId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const { caseId } = await params;
  const actor = await requirePageArea('staff', locale, `/${locale}/staff/cases/${caseId}`);
  if (!z.uuid().safeParse(caseId).success) notFound();
  const q = query.safeParse(await searchParams);
  const input = q.success ? q.data : {};

  let purpose: CasePurpose | null = null;
  if (input.task) purpose = { kind: 'task', userTaskKey: input.task };
  else if (input.reason !== undefined && input.reason.trim().length >= 10)
    purpose = { kind: 'reason', text: input.reason };
  if (!purpose) return <PurposeForm t={t} showError={input.reason !== undefined} />;

  let opened: OpenedCase;
  try {
    opened = await openCase(getDb(), getEngine(), actor, caseId, purpose);
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') forbidden();
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const tv = t.caseView;
  const c = opened.case;
  const engine = getEngine();
  const diagrams = await Promise.all(
    opened.instances.map(async ({ instance, history }) => {
      const xml = await engine.getProcessDefinitionXml(instance.processDefinitionKey);
      return {
        instance,
        xml,
        names: elementNames(xml),
        done: [...new Set(history.filter((h) => h.state === 'COMPLETED').map((h) => h.elementId))],
        active: [...new Set(history.filter((h) => h.state === 'ACTIVE').map((h) => h.elementId))],
      };
    }),
  );
  const names: Record<string, string> = Object.assign({}, ...diagrams.map((d) => d.names));
  const hidden = [
    input.task ? <input key="task" type="hidden" name="task" value={input.task} /> : null,
    input.reason ? <input key="reason" type="hidden" name="reason" value={input.reason} /> : null,
  ];
  const status = input.status;
  const today = helsinkiToday();

  return (
    <>
      <p>
        <a href={`/${locale}/staff`}>{t.client.back}</a>
      </p>
      <h1>{c.caseNumber ? fill(tv.title, { number: c.caseNumber }) : tv.unnumbered}</h1>
      <dl className="facts">
        <dt>{tv.status}</dt>
        <dd data-testid="case-status">{tv.statuses[c.status]}</dd>
        <dt>{tv.unit}</dt>
        <dd>{opened.unitName ? opened.unitName[locale] : '—'}</dd>
        <dt>{tv.received}</dt>
        <dd>{formatDate(c.receivedOn, locale)}</dd>
        <dt>{tv.channel}</dt>
        <dd>{tv.caseChannels[c.channel]}</dd>
        {c.decisionDueOn && (
          <>
            <dt>{tv.deadline}</dt>
            <dd>
              {formatDate(c.decisionDueOn, locale)}{' '}
              <DeadlineBadge tv={tv} today={today} due={c.decisionDueOn} closed={!!c.closedAt} />
            </dd>
          </>
        )}
      </dl>
      {c.urgent && <p className="badge badge-warn">{tv.urgent}</p>}
      {c.possibleDuplicateOf && (
        <p className="alert" role="note">
          {fill(tv.duplicate, { number: c.possibleDuplicateOf })}
        </p>
      )}

      <section aria-labelledby="tasks">
        <h2 id="tasks">{tv.openTasks}</h2>
        {opened.openTasks.length === 0 ? (
          <p>{tv.noTasks}</p>
        ) : (
          <ul data-testid="open-tasks">
            {opened.openTasks.map((task) => (
              <li key={task.userTaskKey}>
                {task.name ?? names[task.elementId] ?? task.elementId}
                {task.dueDate &&
                  ` (${fill(tv.taskDue, { date: formatDate(task.dueDate, locale) })})`}
                {' · '}
                {tv.assignee}:{' '}
                {task.assignee
                  ? task.assignee === actor.userId
                    ? actor.displayName
                    : task.assignee
                  : tv.unassigned}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="client">
        <h2 id="client">
          {opened.client.firstNames} {opened.client.lastName} (
          {maskIdentityCode(opened.client.identityCode)})
        </h2>
        <ClientFacts
          t={t}
          locale={locale}
          client={opened.client}
          household={opened.household}
          members={opened.members}
          householdTitle={t.client.householdMembers}
          memberColumn={{
            title: t.client.birthDate,
            value: (m) => formatDate(m.birthDate, locale),
          }}
        />
      </section>

      <section aria-labelledby="application">
        <h2 id="application">{tv.application}</h2>
        <ApplicationData data={c.applicationData} empty={tv.noApplicationData} locale={locale} />
      </section>

      <section aria-labelledby="documents">
        <h2 id="documents">{tv.documents}</h2>
        {opened.documents.length === 0 ? (
          <p>{tv.noDocuments}</p>
        ) : (
          <ul data-testid="case-documents">
            {opened.documents.map((d) => (
              <li key={d.id}>
                <a
                  href={`/api/documents/${d.id}/versions/1?view=1`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {d.title}
                </a>{' '}
                ({t.documents.types[d.type]}, {formatDate(d.createdAt, locale)}
                {d.signatureStatus === 'signed' && `, ${tv.signed}`})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="process">
        <h2 id="process">{tv.process}</h2>
        {diagrams.map((d) => (
          <div key={d.instance.processInstanceKey}>
            <h3>
              {d.names[d.instance.bpmnProcessId] ?? d.instance.bpmnProcessId} (
              {fill(tv.instanceState, { state: tv.states[d.instance.state] })})
            </h3>
            <ProcessDiagram
              xml={d.xml}
              done={d.done}
              active={d.active}
              label={fill(tv.diagramLabel, {
                name: d.names[d.instance.bpmnProcessId] ?? d.instance.bpmnProcessId,
              })}
              failedText={tv.diagramFailed}
            />
          </div>
        ))}
      </section>

      <section aria-labelledby="timeline">
        <h2 id="timeline">{tv.timeline}</h2>
        <ol className="timeline" data-testid="timeline">
          {opened.timeline.map((item, i) => (
            <li key={i}>
              <time dateTime={item.at.toISOString()}>{formatDateTime(item.at, locale)}</time>{' '}
              <strong>{tv.kinds[item.kind]}</strong>: {timelineText(item, names, t, locale)}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="notes">
        <h2 id="notes">{tv.notes}</h2>
        {status?.startsWith('notes-') && <Status t={tv} ok={status === 'notes-saved'} />}
        {opened.notes.length === 0 ? (
          <p>{tv.noNotes}</p>
        ) : (
          <ul className="notes" data-testid="case-notes">
            {opened.notes.map((n) => {
              const original = n.correctsId
                ? opened.notes.find((o) => o.id === n.correctsId)
                : undefined;
              return (
                <li key={n.id}>
                  <p>{n.text}</p>
                  <small>
                    {n.authorName}, {formatDateTime(n.createdAt, locale)}
                    {original &&
                      ` · ${fill(tv.correction, { date: formatDateTime(original.createdAt, locale) })}`}
                  </small>
                </li>
              );
            })}
          </ul>
        )}
        <form className="stack" action={addNoteAction.bind(null, locale, c.id)}>
          {hidden}
          <div>
            <label htmlFor="note-text">{tv.noteText}</label>
            <textarea id="note-text" name="text" rows={3} required maxLength={4000} />
          </div>
          <div>
            <button className="primary" type="submit">
              {tv.addNote}
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="contacts">
        <h2 id="contacts">{tv.contacts}</h2>
        {status?.startsWith('contacts-') && <Status t={tv} ok={status === 'contacts-saved'} />}
        {opened.contacts.length === 0 ? (
          <p>{tv.noContacts}</p>
        ) : (
          <ul data-testid="case-contacts">
            {opened.contacts.map((x) => (
              <li key={x.id}>
                {formatDateTime(x.contactAt, locale)} · {tv.channels[x.channel]} ·{' '}
                {tv.directions[x.direction]}: {x.summary} <small>({x.recordedByName})</small>
              </li>
            ))}
          </ul>
        )}
        <form className="stack" action={recordContactAction.bind(null, locale, c.id)}>
          {hidden}
          <div>
            <label htmlFor="contact-channel">{tv.contactChannel}</label>
            <select id="contact-channel" name="channel" defaultValue="phone">
              {CONTACT_CHANNELS.map((ch) => (
                <option key={ch} value={ch}>
                  {tv.channels[ch]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="contact-direction">{tv.contactDirection}</label>
            <select id="contact-direction" name="direction" defaultValue="incoming">
              <option value="incoming">{tv.directions.incoming}</option>
              <option value="outgoing">{tv.directions.outgoing}</option>
            </select>
          </div>
          <div>
            <label htmlFor="contact-at">{tv.contactAt}</label>
            <input id="contact-at" name="contactAt" type="datetime-local" required />
          </div>
          <div>
            <label htmlFor="contact-summary">{tv.contactSummary}</label>
            <textarea id="contact-summary" name="summary" rows={2} required maxLength={2000} />
          </div>
          <div>
            <button type="submit">{tv.addContact}</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="appeal">
        <h2 id="appeal">{tv.paperAppeal}</h2>
        {status?.startsWith('appeal-') && (
          <p
            className={status === 'appeal-invalid' ? 'alert' : 'notice'}
            role={status === 'appeal-invalid' ? 'alert' : 'status'}
          >
            {status === 'appeal-saved'
              ? tv.paperAppealSaved
              : status === 'appeal-late'
                ? tv.paperAppealLate
                : tv.paperAppealInvalid}
          </p>
        )}
        <form className="stack" action={registerPaperAppealAction.bind(null, locale, c.id)}>
          {hidden}
          <div>
            <label htmlFor="appeal-text">{tv.paperAppealText}</label>
            <textarea id="appeal-text" name="appealText" rows={4} required maxLength={8000} />
          </div>
          <div>
            <label htmlFor="appeal-received">{tv.paperAppealReceived}</label>
            <input
              id="appeal-received"
              name="receivedOn"
              type="date"
              required
              defaultValue={today}
            />
          </div>
          <div>
            <button type="submit">{tv.paperAppealSend}</button>
          </div>
        </form>
      </section>

      {opened.payments.length > 0 && (
        <section aria-labelledby="payments">
          <h2 id="payments">{tv.payments}</h2>
          <ul>
            {opened.payments.map((p) => (
              <li key={p.id}>
                {fill(tv.paymentLine, {
                  amount: formatMoney(p.amountCents, locale),
                  iban: p.iban,
                  from: formatDate(p.periodStart, locale),
                  to: formatDate(p.periodEnd, locale),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function PurposeForm({ t, showError }: { t: Messages; showError: boolean }) {
  const tv = t.caseView;
  return (
    <>
      <h1>{tv.purposeTitle}</h1>
      <p>{tv.purposeHelp}</p>
      {showError && (
        <div className="alert" role="alert">
          {tv.reasonRequired}
        </div>
      )}
      <form className="stack" method="get">
        <div>
          <label htmlFor="reason">{tv.reason}</label>
          <textarea id="reason" name="reason" rows={2} required minLength={10} maxLength={500} />
        </div>
        <div>
          <button className="primary" type="submit">
            {tv.open}
          </button>
        </div>
      </form>
    </>
  );
}

function DeadlineBadge({
  tv,
  today,
  due,
  closed,
}: {
  tv: Messages['caseView'];
  today: string;
  due: string;
  closed: boolean;
}) {
  if (closed) return null;
  const days = workingDaysBetween(today, due);
  if (days < 0)
    return <span className="badge badge-danger">{fill(tv.overdue, { days: -days })}</span>;
  if (days === 0) return <span className="badge badge-warn">{tv.dueToday}</span>;
  return (
    <span className={days <= 2 ? 'badge badge-warn' : 'badge'}>{fill(tv.daysLeft, { days })}</span>
  );
}

function Status({ t, ok }: { t: Messages['caseView']; ok: boolean }) {
  return (
    <p className={ok ? 'notice' : 'alert'} role={ok ? 'status' : 'alert'}>
      {ok ? t.saved : t.invalid}
    </p>
  );
}

function ApplicationData({
  data,
  empty,
  locale,
}: {
  data: Record<string, unknown>;
  empty: string;
  locale: Locale;
}) {
  const entries = Object.entries(data);
  if (!entries.length) return <p>{empty}</p>;
  return (
    <dl className="facts" data-testid="application-data">
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>{formatValue(key, value, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

function formatValue(key: string, value: unknown, locale: Locale): string {
  if (typeof value === 'number' && key.endsWith('Cents')) return formatMoney(value, locale);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

function timelineText(
  item: OpenedCase['timeline'][number],
  names: Record<string, string>,
  t: Messages,
  locale: Locale,
): string {
  const tv = t.caseView;
  switch (item.kind) {
    case 'received':
      return `${tv.caseChannels[item.code as keyof typeof tv.caseChannels] ?? item.code} ${item.text}`;
    case 'step':
    case 'task':
      return `${names[item.text] ?? item.text} (${tv.states[item.code as keyof typeof tv.states] ?? item.code})`;
    case 'document':
      return `${item.text} (${t.documents.types[item.code as keyof typeof t.documents.types] ?? item.code})`;
    case 'contact':
      return `${tv.channels[item.code as keyof typeof tv.channels] ?? item.code}: ${item.text}`;
    case 'note':
      return `${item.text} (${item.code})`;
    case 'alert':
      return `${item.code} ${formatDate(item.text, locale)}`;
  }
}
