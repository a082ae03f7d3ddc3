'use client';
// The steps of the online application. What is typed is saved as a draft shortly after each
// change and on every step change; "Next" asks the server to check the step (the server is the
// authority) and shows its errors next to the fields and in a summary that takes the focus.
import { useRouter } from 'next/navigation';
import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  EXPENSE_KINDS,
  HOUSING_TYPES,
  INCOME_KINDS,
  RELATIONS,
  REVIEW,
  STEPS,
  inputId,
  stepOfField,
  type ApplyFieldError,
  type DraftData,
  type Step,
} from '@/modules/citizen/apply/application-form';
import { summarizeDraft } from '@/modules/citizen/apply/summarize-draft';
import { fill, type Messages } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';
import { UploadField } from '../upload-field';
import { saveDraftAction, submitApplicationAction } from './actions';

type Where = Step | typeof REVIEW;
type T = Messages['apply'];

const AUTOSAVE_MS = 600;

function labelOf(field: string, t: T): string {
  const parts = field.split('.');
  const last = parts.at(-1)!;
  const f = t.fields as Record<string, string>;
  if (parts[0] === 'household')
    return `${fill(t.memberLegend, { n: Number(parts[2]) + 1 })}: ${
      last === 'name' ? f.memberName : last === 'identityCode' ? f.memberIdentityCode : f.relation
    }`;
  if (parts[0] === 'incomes' || parts[0] === 'expenses') {
    const label =
      last === 'kind'
        ? parts[0] === 'incomes'
          ? f.incomeKind
          : f.expenseKind
        : last === 'amount'
          ? f.amount
          : f.rowDescription;
    return `${t.steps[parts[0]]}, ${fill(t.rowLegend, { n: Number(parts[2]) + 1 })}: ${label}`;
  }
  if (parts[0] === 'attachments') return `${t.steps.attachments} ${Number(parts[2]) + 1}`;
  return f[last] ?? field;
}

export function ApplyWizard(props: {
  locale: Locale;
  t: T;
  initialDraftId: string | null;
  initialData: DraftData;
  initialStep: Where;
}) {
  const { locale, t } = props;
  const router = useRouter();
  const [data, setData] = useState(props.initialData);
  const [where, setWhere] = useState<Where>(props.initialStep);
  const [errors, setErrors] = useState<ApplyFieldError[]>([]);
  const [status, setStatus] = useState<string>('');
  const [busy, setBusy] = useState(false);
  // files still uploading: moving on now would leave them out of the application
  const [uploading, setUploading] = useState(false);
  const draftId = useRef(props.initialDraftId);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const sent = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  const stepIndex = where === REVIEW ? STEPS.length : STEPS.indexOf(where);

  /** Saves one at a time, so the first save's new draft id is used by the next. */
  function save(step: Where, check?: Step) {
    const snapshot = data;
    const run = chain.current.then(async () => {
      if (sent.current) return null;
      setStatus(t.saving);
      const result = await saveDraftAction(
        draftId.current,
        snapshot,
        step,
        check ? { step: check } : undefined,
      );
      if (!result.ok) {
        if (result.reason === 'gone') router.push(`/${locale}/citizen`);
        setStatus(t.saveFailed);
        return null;
      }
      draftId.current = result.draftId;
      const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(
        new Date(result.savedAt),
      );
      setStatus(fill(t.saved, { time }));
      return result;
    });
    chain.current = run.catch(() => setStatus(t.saveFailed));
    return run;
  }

  // autosave shortly after a change
  useEffect(() => {
    if (data === props.initialData) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(where), AUTOSAVE_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a save per change of the data
  }, [data]);

  useEffect(() => {
    if (errors.length) summaryRef.current?.focus();
  }, [errors]);

  function update(fn: (d: DraftData) => void) {
    setData((previous) => {
      const next = structuredClone(previous);
      fn(next);
      return next;
    });
  }

  function show(next: Where) {
    setErrors([]);
    setWhere(next);
    const url = new URL(window.location.href);
    url.searchParams.set('step', next);
    window.history.replaceState(null, '', url);
    requestAnimationFrame(() => headingRef.current?.focus());
  }

  async function go(next: Where, validate: boolean) {
    if (timer.current) clearTimeout(timer.current);
    setBusy(true);
    try {
      const current = where === REVIEW ? undefined : where;
      const result = await save(next, validate ? current : undefined);
      if (!result) return;
      if (result.errors.length) setErrors(result.errors);
      else show(next);
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    if (!draftId.current || busy) return;
    if (timer.current) clearTimeout(timer.current);
    setBusy(true);
    try {
      await chain.current;
      sent.current = true;
      const result = await submitApplicationAction(locale, draftId.current!);
      if (result.ok) {
        router.push(`/${locale}/citizen/apply/receipt/${result.caseId}`);
        return;
      }
      sent.current = false;
      if ('errors' in result) setErrors(result.errors);
      else setStatus(t.submitFailed);
      setBusy(false);
    } catch {
      sent.current = false;
      setStatus(t.submitFailed);
      setBusy(false);
    }
  }

  const errorOf = (field: string) => errors.find((e) => e.field === field);
  /** The attributes that tie an input to its error text. */
  const a11y = (field: string) => {
    const error = errorOf(field);
    return {
      id: inputId(field),
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? `${inputId(field)}-error` : undefined,
    };
  };
  const errorText = ({ field }: { field: string }): ReactNode => {
    const error = errorOf(field);
    return error ? (
      <p className="error-text" id={`${inputId(field)}-error`}>
        {t.errors[error.code]}
      </p>
    ) : null;
  };
  const textField = (p: {
    field: string;
    label: string;
    value: string;
    onChange: (v: string) => void;
    hint?: string;
    type?: string;
    readOnly?: boolean;
    autoComplete?: string;
    inputMode?: 'decimal' | 'email' | 'tel' | 'text';
  }) => (
    <div className="field">
      <label htmlFor={inputId(p.field)}>{p.label}</label>
      {p.hint && (
        <p className="muted hint" id={`${inputId(p.field)}-hint`}>
          {p.hint}
        </p>
      )}
      <input
        {...a11y(p.field)}
        aria-describedby={
          [
            errorOf(p.field) ? `${inputId(p.field)}-error` : '',
            p.hint ? `${inputId(p.field)}-hint` : '',
          ]
            .filter(Boolean)
            .join(' ') || undefined
        }
        type={p.type ?? 'text'}
        value={p.value}
        readOnly={p.readOnly}
        autoComplete={p.autoComplete}
        inputMode={p.inputMode}
        onChange={(e) => p.onChange(e.currentTarget.value)}
      />
      {errorText({ field: p.field })}
    </div>
  );
  const selectField = (p: {
    field: string;
    label: string;
    value: string;
    options: readonly string[];
    names: Record<string, string>;
    onChange: (v: string) => void;
  }) => (
    <div className="field">
      <label htmlFor={inputId(p.field)}>{p.label}</label>
      <select
        {...a11y(p.field)}
        value={p.value}
        onChange={(e) => p.onChange(e.currentTarget.value)}
      >
        <option value="">{t.choose}</option>
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.names[o]}
          </option>
        ))}
      </select>
      {errorText({ field: p.field })}
    </div>
  );

  const moneyRows = (which: 'incomes' | 'expenses') => {
    const kinds = which === 'incomes' ? INCOME_KINDS : EXPENSE_KINDS;
    const names = which === 'incomes' ? t.incomeKinds : t.expenseKinds;
    const rows = data[which].rows;
    return (
      <>
        {rows.length === 0 && <p>{which === 'incomes' ? t.noIncomes : t.noExpenses}</p>}
        {rows.map((row, i) => (
          <fieldset key={i} className="row-group">
            <legend>{fill(t.rowLegend, { n: i + 1 })}</legend>
            {selectField({
              field: `${which}.rows.${i}.kind`,
              label: which === 'incomes' ? t.fields.incomeKind : t.fields.expenseKind,
              value: row.kind,
              options: kinds,
              names: names,
              onChange: (v) => update((d) => void (d[which].rows[i]!.kind = v)),
            })}
            {textField({
              field: `${which}.rows.${i}.amount`,
              label: t.fields.amount,
              hint: t.hints.money,
              inputMode: 'decimal',
              value: row.amount,
              onChange: (v) => update((d) => void (d[which].rows[i]!.amount = v)),
            })}
            {textField({
              field: `${which}.rows.${i}.description`,
              label: t.fields.rowDescription,
              value: row.description,
              onChange: (v) => update((d) => void (d[which].rows[i]!.description = v)),
            })}
            <button type="button" onClick={() => update((d) => void d[which].rows.splice(i, 1))}>
              {fill(t.removeRow, { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <p>
          <button
            type="button"
            onClick={() =>
              update((d) => void d[which].rows.push({ kind: '', amount: '', description: '' }))
            }
          >
            {which === 'incomes' ? t.addIncome : t.addExpense}
          </button>
        </p>
      </>
    );
  };

  const steps: Record<Step, ReactNode> = {
    applicant: (
      <>
        <p className="muted">{t.fromRegister}</p>
        {textField({
          field: 'applicant.firstNames',
          label: t.fields.firstNames,
          value: data.applicant.firstNames,
          readOnly: true,
          onChange: () => {},
        })}
        {textField({
          field: 'applicant.lastName',
          label: t.fields.lastName,
          value: data.applicant.lastName,
          readOnly: true,
          onChange: () => {},
        })}
        {textField({
          field: 'applicant.identityCode',
          label: t.fields.identityCode,
          value: data.applicant.identityCode,
          readOnly: true,
          onChange: () => {},
        })}
        {textField({
          field: 'applicant.streetAddress',
          label: t.fields.streetAddress,
          autoComplete: 'street-address',
          value: data.applicant.streetAddress,
          onChange: (v) => update((d) => void (d.applicant.streetAddress = v)),
        })}
        {textField({
          field: 'applicant.postalCode',
          label: t.fields.postalCode,
          autoComplete: 'postal-code',
          inputMode: 'text',
          value: data.applicant.postalCode,
          onChange: (v) => update((d) => void (d.applicant.postalCode = v)),
        })}
        {textField({
          field: 'applicant.municipality',
          label: t.fields.municipality,
          autoComplete: 'address-level2',
          value: data.applicant.municipality,
          onChange: (v) => update((d) => void (d.applicant.municipality = v)),
        })}
        {textField({
          field: 'applicant.email',
          label: t.fields.email,
          hint: t.hints.contact,
          type: 'email',
          autoComplete: 'email',
          value: data.applicant.email,
          onChange: (v) => update((d) => void (d.applicant.email = v)),
        })}
        {textField({
          field: 'applicant.phone',
          label: t.fields.phone,
          type: 'tel',
          autoComplete: 'tel',
          value: data.applicant.phone,
          onChange: (v) => update((d) => void (d.applicant.phone = v)),
        })}
      </>
    ),
    household: (
      <>
        <p>{t.householdIntro}</p>
        {data.household.members.length === 0 && <p>{t.noMembers}</p>}
        {data.household.members.map((m, i) => (
          <fieldset key={i} className="row-group">
            <legend>{fill(t.memberLegend, { n: i + 1 })}</legend>
            {textField({
              field: `household.members.${i}.name`,
              label: t.fields.memberName,
              value: m.name,
              onChange: (v) => update((d) => void (d.household.members[i]!.name = v)),
            })}
            {textField({
              field: `household.members.${i}.identityCode`,
              label: t.fields.memberIdentityCode,
              hint: t.hints.identityCode,
              value: m.identityCode,
              onChange: (v) => update((d) => void (d.household.members[i]!.identityCode = v)),
            })}
            {selectField({
              field: `household.members.${i}.relation`,
              label: t.fields.relation,
              value: m.relation,
              options: RELATIONS,
              names: t.relations,
              onChange: (v) => update((d) => void (d.household.members[i]!.relation = v)),
            })}
            <button
              type="button"
              onClick={() => update((d) => void d.household.members.splice(i, 1))}
            >
              {fill(t.removeMember, { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <p>
          <button
            type="button"
            onClick={() =>
              update(
                (d) => void d.household.members.push({ name: '', identityCode: '', relation: '' }),
              )
            }
          >
            {t.addMember}
          </button>
        </p>
      </>
    ),
    housing: (
      <>
        {selectField({
          field: 'housing.housingType',
          label: t.fields.housingType,
          value: data.housing.housingType,
          options: HOUSING_TYPES,
          names: t.housingTypes,
          onChange: (v) => update((d) => void (d.housing.housingType = v)),
        })}
        {textField({
          field: 'housing.housingCosts',
          label: t.fields.housingCosts,
          hint: t.hints.money,
          inputMode: 'decimal',
          value: data.housing.housingCosts,
          onChange: (v) => update((d) => void (d.housing.housingCosts = v)),
        })}
        {textField({
          field: 'housing.livingSince',
          label: t.fields.livingSince,
          type: 'date',
          value: data.housing.livingSince,
          onChange: (v) => update((d) => void (d.housing.livingSince = v)),
        })}
      </>
    ),
    incomes: moneyRows('incomes'),
    expenses: moneyRows('expenses'),
    support: (
      <>
        <fieldset
          role="radiogroup"
          aria-invalid={errorOf('support.supportType') ? true : undefined}
          aria-describedby={
            errorOf('support.supportType') ? 'support-supportType-error' : undefined
          }
        >
          <legend>{t.fields.supportType}</legend>
          {(['supplementary', 'preventive'] as const).map((type, i) => (
            <div key={type} className="choice">
              <input
                type="radio"
                name="supportType"
                id={i === 0 ? 'support-supportType' : `support-supportType-${type}`}
                value={type}
                checked={data.support.supportType === type}
                onChange={() => update((d) => void (d.support.supportType = type))}
              />
              <label htmlFor={i === 0 ? 'support-supportType' : `support-supportType-${type}`}>
                {t.supportTypes[type]}
              </label>
            </div>
          ))}
          {errorText({ field: 'support.supportType' })}
        </fieldset>
        <div className="choice">
          <input
            id="support-urgent"
            type="checkbox"
            checked={data.support.urgent}
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              update((d) => void (d.support.urgent = checked));
            }}
          />
          <label htmlFor="support-urgent">{t.fields.urgent}</label>
        </div>
        <div className="field">
          <label htmlFor="support-description">{t.fields.description}</label>
          <textarea
            {...a11y('support.description')}
            rows={5}
            value={data.support.description}
            onChange={(e) => {
              const value = e.currentTarget.value;
              update((d) => void (d.support.description = value));
            }}
          />
          {errorText({ field: 'support.description' })}
        </div>
      </>
    ),
    bank: (
      <>
        {textField({
          field: 'bank.iban',
          label: t.fields.iban,
          hint: t.hints.iban,
          value: data.bank.iban,
          onChange: (v) => update((d) => void (d.bank.iban = v)),
        })}
        <div className="choice">
          <input
            id="bank-electronicDeliveryConsent"
            type="checkbox"
            checked={data.bank.electronicDeliveryConsent}
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              update((d) => void (d.bank.electronicDeliveryConsent = checked));
            }}
          />
          <label htmlFor="bank-electronicDeliveryConsent">{t.fields.consent}</label>
        </div>
      </>
    ),
    attachments: (
      <>
        <p>{t.attachmentsIntro}</p>
        <UploadField
          locale={locale}
          texts={t.upload}
          purpose="application"
          files={data.attachments.files}
          onChange={(files) => update((d) => void (d.attachments.files = files))}
          onBusyChange={setUploading}
        />
        {data.attachments.files.map((_, i) => (
          <div key={i}>{errorText({ field: `attachments.files.${i}` })}</div>
        ))}
      </>
    ),
  };

  const review = (
    <>
      <p>{t.reviewIntro}</p>
      {summarizeDraft(data, t, locale).map((section) => (
        <section
          key={section.step}
          aria-labelledby={`review-${section.step}`}
          className="review-section"
        >
          <h3 id={`review-${section.step}`}>{section.heading}</h3>
          <dl className="facts">
            {section.lines.map((line, i) => (
              <Fragment key={i}>
                <dt>{line.label}</dt>
                <dd>{line.value}</dd>
              </Fragment>
            ))}
          </dl>
          <p>
            <a
              href={`?step=${section.step}`}
              onClick={(e) => {
                e.preventDefault();
                void go(section.step, false);
              }}
            >
              {fill(t.editStep, { step: section.heading })}
            </a>
          </p>
        </section>
      ))}
      <p>
        <button className="primary" type="button" disabled={busy} onClick={() => void submit()}>
          {busy ? t.submitting : t.submit}
        </button>
      </p>
    </>
  );

  const heading = where === REVIEW ? t.steps.review : t.steps[where];
  return (
    <div className="apply">
      <p className="muted">{fill(t.stepOf, { n: stepIndex + 1, total: STEPS.length + 1 })}</p>
      {errors.length > 0 && (
        <div
          className="alert error-summary"
          ref={summaryRef}
          tabIndex={-1}
          aria-labelledby="error-summary-title"
          role="group"
        >
          <h2 id="error-summary-title">{where === REVIEW ? t.submitInvalid : t.errorSummary}</h2>
          <ul>
            {errors.map((e) => (
              <li key={`${e.field}-${e.code}`}>
                {where === REVIEW ? (
                  <a
                    href={`?step=${stepOfField(e.field)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      void go(stepOfField(e.field), false);
                    }}
                  >
                    {t.steps[stepOfField(e.field)]}: {labelOf(e.field, t)} – {t.errors[e.code]}
                  </a>
                ) : (
                  <a href={`#${inputId(e.field)}`}>
                    {labelOf(e.field, t)}: {t.errors[e.code]}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (where !== REVIEW) void go(STEPS[stepIndex + 1] ?? REVIEW, true);
        }}
      >
        <h2 ref={headingRef} tabIndex={-1}>
          {heading}
        </h2>
        {where === REVIEW ? review : steps[where]}
        {where !== REVIEW && (
          <div className="actions">
            {stepIndex > 0 && (
              <button
                type="button"
                disabled={busy || uploading}
                onClick={() => void go(STEPS[stepIndex - 1]!, false)}
              >
                {t.back}
              </button>
            )}
            <button className="primary" type="submit" disabled={busy || uploading}>
              {stepIndex === STEPS.length - 1 ? t.toReview : t.next}
            </button>
          </div>
        )}
      </form>
      <p className="muted" role="status" aria-live="polite" data-testid="save-status">
        {status}
      </p>
    </div>
  );
}
