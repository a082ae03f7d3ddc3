import { forbidden, notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import type { CalculationResult } from '@/modules/calculation/calculate-support';
import { workingDaysBetween } from '@/modules/calendar/finnish-calendar';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import {
  DEFAULT_LEGAL_BASIS,
  LEGAL_BASIS_TEMPLATES,
  LEGAL_BASIS_TEXTS,
  type LegalBasisTemplate,
} from '@/modules/decisions/legal-basis-templates';
import { AppError } from '@/modules/errors';
import { fill, formatDate, formatDateTime, formatMoney, type Messages } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';
import { pageLocale } from '@/modules/i18n/server';
import { DEFAULT_REPLY_DAYS } from '@/modules/cases/information-request';
import { MISSING_ITEMS } from '@/modules/letters/missing-items';
import { getEngine } from '@/modules/process/engine';
import {
  parseFormSchema,
  UnsupportedFormError,
  type FormItem,
} from '@/modules/task-forms/form-schema';
import { loadTaskPage, type TaskPage } from '@/modules/task-forms/load-task-page';
import { nextTasksAfter } from '@/modules/task-forms/next-tasks';
import { claimTaskAction, type Failure } from './actions';
import { ApprovalForm } from './approval-form';
import { CompletenessForm } from './completeness-form';
import { DecisionForm } from './decision-form';
import { GenericForm } from './generic-form';
import { RequestForm } from './request-form';
import './task-forms.css';

export const dynamic = 'force-dynamic';

const query = z.object({
  done: z.literal('1').optional(),
  claimed: z.literal('1').optional(),
  failure: z.enum(['forbidden', 'four_eyes', 'not_found', 'claimed', 'failed']).optional(),
});

export default async function TaskPageView({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; taskKey: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const { taskKey } = await params;
  const actor = await requirePageArea('staff', locale, `/${locale}/staff/tasks/${taskKey}`);
  if (!/^\d{1,19}$/.test(taskKey)) notFound();
  const parsed = query.safeParse(await searchParams);
  const q = parsed.success ? parsed.data : {};
  const db = getDb();
  const engine = getEngine();

  let page: TaskPage;
  try {
    page = await loadTaskPage(db, engine, actor, taskKey);
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') forbidden();
    if (error instanceof AppError && error.code === 'not_found') {
      if (q.done) return <DoneView locale={locale} t={t} taskKey={taskKey} />;
      notFound();
    }
    throw error;
  }
  const tf = t.taskForms;
  const { task, caseRow, client } = page;
  const today = helsinkiToday();

  return (
    <>
      <p>
        <a href={`/${locale}/staff`}>{tf.back}</a>
      </p>
      <h1>{task.name ?? task.elementId}</h1>
      <section aria-labelledby="task-facts">
        <h2 id="task-facts" className="visually-hidden">
          {tf.facts}
        </h2>
        <dl className="facts" data-testid="task-facts">
          {caseRow && (
            <>
              <dt>{tf.caseNumber}</dt>
              <dd>{caseRow.caseNumber ?? '—'}</dd>
            </>
          )}
          {client && (
            <>
              <dt>{tf.client}</dt>
              <dd>
                {client.firstNames} {client.lastName} ({client.maskedIdentityCode})
              </dd>
            </>
          )}
          {caseRow?.decisionDueOn && (
            <>
              <dt>{tf.deadline}</dt>
              <dd>
                {formatDate(caseRow.decisionDueOn, locale)}{' '}
                <DaysLeft t={t} today={today} due={caseRow.decisionDueOn} />
              </dd>
            </>
          )}
          {task.dueDate && (
            <>
              <dt>{tf.due}</dt>
              <dd>{formatDateTime(task.dueDate, locale)}</dd>
            </>
          )}
          <dt>{tf.assignee}</dt>
          <dd data-testid="assignee">
            {task.assignee
              ? task.assignee === actor.userId
                ? tf.claimedByYou
                : tf.claimedByOther
              : tf.unassigned}
          </dd>
        </dl>
        {caseRow && (
          <p>
            <a href={`/${locale}/staff/cases/${caseRow.id}?task=${task.userTaskKey}`}>
              {caseRow.caseNumber
                ? fill(tf.openCase, { number: caseRow.caseNumber })
                : tf.openCaseUnnumbered}
            </a>
          </p>
        )}
      </section>

      {q.failure && (
        <p className="alert" role="alert">
          {tf.failures[q.failure as Failure]}
        </p>
      )}
      {q.claimed && task.assignee === actor.userId && (
        <p className="notice" role="status">
          {tf.claimedNotice}
        </p>
      )}
      {!task.assignee && (
        <form action={claimTaskAction.bind(null, locale, task.userTaskKey)}>
          <button type="submit" className="secondary">
            {tf.claim}
          </button>
        </form>
      )}
      {task.assignee && task.assignee !== actor.userId && (
        <p className="alert" role="note">
          {tf.otherHasIt}
        </p>
      )}

      <section aria-labelledby="task-form" className="task-screen">
        <h2 id="task-form">{screenTitle(page, t)}</h2>
        <Screen page={page} locale={locale} t={t} />
      </section>
    </>
  );
}

function screenTitle(page: TaskPage, t: Messages): string {
  const tf = t.taskForms;
  switch (page.screen) {
    case 'completeness_check':
      return tf.completeness.title;
    case 'information_request':
      return tf.request.title;
    case 'decision_proposal':
      return tf.decision.title;
    case 'decision_approval':
      return tf.approval.title;
    case 'generic':
      return tf.form;
  }
}

function Screen({ page, locale, t }: { page: TaskPage; locale: Locale; t: Messages }) {
  const tf = t.taskForms;
  const { task } = page;
  const key = task.userTaskKey;
  const vars = task.variables;
  switch (page.screen) {
    case 'completeness_check':
      return <CompletenessForm locale={locale} taskKey={key} t={tf} />;
    case 'information_request': {
      const missing = Array.isArray(vars.completenessMissingItems)
        ? vars.completenessMissingItems.map(String)
        : [];
      return (
        <RequestForm
          locale={locale}
          taskKey={key}
          t={tf}
          preselected={MISSING_ITEMS.filter((item) => missing.includes(item))}
          defaultReplyDays={DEFAULT_REPLY_DAYS}
        />
      );
    }
    case 'decision_proposal': {
      const template = LEGAL_BASIS_TEMPLATES.find((k) => k === vars.legalBasisTemplate);
      return (
        <DecisionForm
          locale={locale}
          taskKey={key}
          t={tf}
          start={{
            calculationInput: page.calculationInput!,
            outcome: typeof vars.outcome === 'string' ? vars.outcome : '',
            reasons: typeof vars.reasons === 'string' ? vars.reasons : '',
            legalBasisTemplate:
              template ??
              (page.caseRow?.supportType === 'preventive' ? 'preventive' : DEFAULT_LEGAL_BASIS),
            returnedComments:
              vars.approved === false && typeof vars.approvalComments === 'string'
                ? vars.approvalComments
                : null,
          }}
        />
      );
    }
    case 'decision_approval':
      return <ApprovalScreen page={page} locale={locale} t={t} />;
    case 'generic': {
      let items: FormItem[] = [];
      try {
        items = task.form ? parseFormSchema(task.form) : [];
      } catch (error) {
        if (error instanceof UnsupportedFormError)
          return (
            <p className="alert" role="alert">
              {fill(tf.unsupportedForm, { types: error.types.join(', ') })}
            </p>
          );
        throw error;
      }
      return (
        <>
          {!items.length && <p>{tf.noForm}</p>}
          <GenericForm locale={locale} taskKey={key} items={items} t={tf} />
        </>
      );
    }
  }
}

function ApprovalScreen({ page, locale, t }: { page: TaskPage; locale: Locale; t: Messages }) {
  const a = t.taskForms.approval;
  const d = t.taskForms.decision;
  const vars = page.task.variables;
  const calculation = vars.calculation as CalculationResult | undefined;
  const outcome = vars.outcome as keyof typeof d.outcomes | undefined;
  const template = (LEGAL_BASIS_TEMPLATES as readonly string[]).includes(
    String(vars.legalBasisTemplate),
  )
    ? (vars.legalBasisTemplate as LegalBasisTemplate)
    : DEFAULT_LEGAL_BASIS;
  return (
    <>
      <p className="notice" data-testid="four-eyes">
        {a.fourEyes}
      </p>
      {page.actorIsProposer && (
        <p className="alert" role="note" data-testid="you-proposed">
          {a.youProposed}
        </p>
      )}
      <h3>{a.proposal}</h3>
      <dl className="facts" data-testid="proposal">
        <dt>{a.proposedBy}</dt>
        <dd>{page.proposedByName ?? '—'}</dd>
        <dt>{d.outcome}</dt>
        <dd>{outcome && d.outcomes[outcome] ? d.outcomes[outcome] : '—'}</dd>
        {calculation && (
          <>
            <dt>{d.support}</dt>
            <dd>{formatMoney(calculation.supportCents, locale)}</dd>
          </>
        )}
        <dt>{d.legalBasis}</dt>
        <dd>{LEGAL_BASIS_TEXTS[template][locale].name}</dd>
        <dt>{d.reasons}</dt>
        <dd className="pre">{typeof vars.reasons === 'string' ? vars.reasons : '—'}</dd>
      </dl>
      {calculation && (
        <table>
          <caption>{d.calculation}</caption>
          <tbody>
            {calculation.lines.map((line, i) => (
              <tr key={i}>
                <th scope="row">
                  {d.lineKinds[line.kind]} ({line.code})
                </th>
                <td className="money">{formatMoney(line.amountCents, locale)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{d.expenses}</th>
              <td className="money">{formatMoney(calculation.expensesCents, locale)}</td>
            </tr>
            <tr>
              <th scope="row">{d.income}</th>
              <td className="money">{formatMoney(calculation.incomeCents, locale)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      <p>
        <a
          href={`/api/tasks/${page.task.userTaskKey}/decision-preview?locale=${locale}`}
          target="_blank"
          rel="noreferrer"
        >
          {d.preview}
        </a>
      </p>
      <ApprovalForm locale={locale} taskKey={page.task.userTaskKey} t={t.taskForms} />
    </>
  );
}

function DaysLeft({ t, today, due }: { t: Messages; today: string; due: string }) {
  const tv = t.caseView;
  const days = workingDaysBetween(today, due);
  if (days < 0)
    return <span className="badge badge-danger">{fill(tv.overdue, { days: -days })}</span>;
  if (days === 0) return <span className="badge badge-warn">{tv.dueToday}</span>;
  return (
    <span className={days <= 2 ? 'badge badge-warn' : 'badge'}>{fill(tv.daysLeft, { days })}</span>
  );
}

async function DoneView({ locale, t, taskKey }: { locale: Locale; t: Messages; taskKey: string }) {
  const tf = t.taskForms;
  const actor = await requirePageArea('staff', locale, `/${locale}/staff/tasks/${taskKey}`);
  let next: Awaited<ReturnType<typeof nextTasksAfter>>;
  try {
    next = await nextTasksAfter(getDb(), getEngine(), actor, taskKey);
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') forbidden();
    throw error;
  }
  return (
    <>
      <p>
        <a href={`/${locale}/staff`}>{tf.back}</a>
      </p>
      <h1>{tf.done}</h1>
      <p className="notice" role="status">
        {tf.done}
      </p>
      <h2>{tf.nextTasks}</h2>
      {next.tasks.length ? (
        <ul data-testid="next-tasks">
          {next.tasks.map((task) => (
            <li key={task.userTaskKey}>
              <a href={`/${locale}/staff/tasks/${task.userTaskKey}`}>
                {task.name ?? task.elementId}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{tf.noNextTasks}</p>
      )}
      <p>
        <a href={`/${locale}/staff/tasks/${taskKey}?done=1`}>{tf.refresh}</a>
      </p>
    </>
  );
}
