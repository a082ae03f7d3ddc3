'use client';
// Pieces every task screen shares: submitting through the server action (the preview buttons
// post natively to their route in a new tab instead), the error summary that takes focus, and
// the error text tied to each field with aria-describedby.
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import { fill, type Messages } from '@/modules/i18n';
import type { FieldError } from '@/modules/task-forms/read-form-submission';
import type { TaskScreen } from '@/modules/task-forms/screens';
import { submitTaskAction, type TaskActionState } from './actions';

export type TaskTexts = Messages['taskForms'];

export function problemText(t: TaskTexts, problem: FieldError): string {
  return fill(t.errors[problem.code], { limit: problem.limit ?? '' });
}

export function useTaskSubmit(locale: string, taskKey: string, screen: TaskScreen) {
  const [state, setState] = useState<TaskActionState>({ problems: [], failure: null });
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    // A preview button posts the form to its route handler (formAction, new tab).
    if (submitter?.hasAttribute('data-preview')) return;
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      setState(await submitTaskAction(locale, taskKey, screen, data));
    });
  };
  return { state, pending, onSubmit };
}

export function errorsOf(state: TaskActionState, key: string): FieldError[] {
  return state.problems.filter((p) => p.key === key);
}

/** Props that tie a control to its error text. */
export function invalidProps(state: TaskActionState, key: string) {
  return errorsOf(state, key).length
    ? { 'aria-invalid': true as const, 'aria-describedby': `${key}-error` }
    : {};
}

export function FieldErrors({
  t,
  state,
  field,
}: {
  t: TaskTexts;
  state: TaskActionState;
  field: string;
}) {
  const errors = errorsOf(state, field);
  if (!errors.length) return null;
  return (
    <p className="field-error" id={`${field}-error`}>
      {errors.map((p) => problemText(t, p)).join(' ')}
    </p>
  );
}

/** The list of problems (with links to the fields) or the refusal, focused when it appears. */
export function ErrorSummary({
  t,
  state,
  labels,
}: {
  t: TaskTexts;
  state: TaskActionState;
  labels: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const visible = state.failure !== null || state.problems.length > 0;
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [state, visible]);
  if (!visible) return null;
  return (
    <div className="alert" role="alert" tabIndex={-1} ref={ref} data-testid="form-errors">
      {state.failure ? (
        <p>{t.failures[state.failure]}</p>
      ) : (
        <>
          <p>{t.errorSummary}</p>
          <ul>
            {state.problems.map((p, i) => (
              <li key={i}>
                <a href={`#field-${p.key}`}>
                  {labels[p.key] ?? p.key}: {problemText(t, p)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** A required choice of one verdict, as radio buttons with the field's errors. */
export function VerdictField<V extends string>({
  t,
  state,
  legend,
  options,
  value,
  onChange,
}: {
  t: TaskTexts;
  state: TaskActionState;
  legend: string;
  options: readonly { value: V; label: string }[];
  value: string;
  onChange: (value: V) => void;
}) {
  return (
    <fieldset id="field-verdict" {...invalidProps(state, 'verdict')}>
      <legend>
        {legend} <span className="required">({t.required})</span>
      </legend>
      {options.map((o) => (
        <div className="check" key={o.value}>
          <input
            id={`verdict-${o.value}`}
            type="radio"
            name="verdict"
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <label htmlFor={`verdict-${o.value}`}>{o.label}</label>
        </div>
      ))}
      <FieldErrors t={t} state={state} field="verdict" />
    </fieldset>
  );
}

/** A free-text field of a task form with its label and errors. */
export function TextAreaField({
  t,
  state,
  name,
  label,
  rows,
  maxLength,
  value,
  onChange,
}: {
  t: TaskTexts;
  state: TaskActionState;
  name: string;
  label: string;
  rows: number;
  maxLength: number;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={`field-${name}`}>{label}</label>
      <textarea
        id={`field-${name}`}
        name={name}
        rows={rows}
        maxLength={maxLength}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...invalidProps(state, name)}
      />
      <FieldErrors t={t} state={state} field={name} />
    </div>
  );
}
