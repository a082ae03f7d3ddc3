'use client';
// The two intake forms: a paper application (pick the client's confirmed scans, their OCR text
// beside the form) and an oral application. Errors come back per field, in the user's language.
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import { fill, type Messages } from '@/modules/i18n';
import type { FieldError } from '@/modules/task-forms/read-form-submission';
import { recordOralAction, registerPaperAction, type IntakeState } from './actions';

type Texts = Messages['taskForms'];

export interface ScanOption {
  documentId: string;
  batchId: string;
  fileName: string;
  text: string;
  clientName: string;
  maskedIdentityCode: string;
}

function useIntake(
  action: (locale: string, form: FormData) => Promise<IntakeState>,
  locale: string,
) {
  const [state, setState] = useState<IntakeState>({ problems: [], failure: null });
  const [pending, start] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    start(async () => setState(await action(locale, data)));
  };
  return { state, pending, onSubmit };
}

function problemsOf(state: IntakeState, key: string): FieldError[] {
  return state.problems.filter((p) => p.key === key);
}

function Problems({
  t,
  state,
  field,
  id,
}: {
  t: Texts;
  state: IntakeState;
  field: string;
  id: string;
}) {
  const list = problemsOf(state, field);
  if (!list.length) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {list.map((p) => fill(t.errors[p.code], { limit: p.limit ?? '' })).join(' ')}
    </p>
  );
}

function invalid(state: IntakeState, field: string, id: string) {
  return problemsOf(state, field).length
    ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` }
    : {};
}

function Summary({
  t,
  state,
  labels,
  prefix,
}: {
  t: Texts;
  state: IntakeState;
  labels: Record<string, string>;
  prefix: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const visible = state.failure !== null || state.problems.length > 0;
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [state, visible]);
  if (!visible) return null;
  return (
    <div className="alert" role="alert" tabIndex={-1} ref={ref}>
      {state.failure ? (
        <p>{state.failure === 'forbidden' ? t.failures.forbidden : t.failures.failed}</p>
      ) : (
        <>
          <p>{t.errorSummary}</p>
          <ul>
            {state.problems.map((p, i) => (
              <li key={i}>
                <a href={`#${prefix}-${p.key}`}>
                  {labels[p.key] ?? p.key}: {fill(t.errors[p.code], { limit: p.limit ?? '' })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The facts every channel records the same way. */
function ApplicationFacts({
  t,
  state,
  prefix,
  today,
}: {
  t: Texts;
  state: IntakeState;
  prefix: string;
  today: string;
}) {
  const i = t.intake;
  const id = (key: string) => `${prefix}-${key}`;
  return (
    <fieldset>
      <legend>{i.facts}</legend>
      <div>
        <label htmlFor={id('supportType')}>{i.supportType}</label>
        <select
          id={id('supportType')}
          name="supportType"
          defaultValue="supplementary"
          {...invalid(state, 'supportType', id('supportType'))}
        >
          <option value="supplementary">{i.supportTypes.supplementary}</option>
          <option value="preventive">{i.supportTypes.preventive}</option>
        </select>
        <Problems t={t} state={state} field="supportType" id={id('supportType')} />
      </div>
      <div className="check">
        <input id={id('urgent')} name="urgent" type="checkbox" />
        <label htmlFor={id('urgent')}>{i.urgent}</label>
      </div>
      <div>
        <label htmlFor={id('receivedOn')}>{i.receivedOn}</label>
        <p className="muted" id={id('receivedOn-help')}>
          {i.receivedOnHelp}
        </p>
        <input
          id={id('receivedOn')}
          name="receivedOn"
          type="date"
          defaultValue={today}
          max={today}
          aria-describedby={
            problemsOf(state, 'receivedOn').length
              ? `${id('receivedOn-help')} ${id('receivedOn')}-error`
              : id('receivedOn-help')
          }
          aria-invalid={problemsOf(state, 'receivedOn').length > 0 || undefined}
        />
        <Problems t={t} state={state} field="receivedOn" id={id('receivedOn')} />
      </div>
      {(['housingCosts', 'netIncome', 'iban'] as const).map((key) => (
        <div key={key}>
          <label htmlFor={id(key)}>{i[key]}</label>
          <input
            id={id(key)}
            name={key}
            inputMode={key === 'iban' ? 'text' : 'decimal'}
            autoComplete="off"
            {...invalid(state, key, id(key))}
          />
          <Problems t={t} state={state} field={key} id={id(key)} />
        </div>
      ))}
      <div className="check">
        <input id={id('consent')} name="electronicDeliveryConsent" type="checkbox" />
        <label htmlFor={id('consent')}>{i.consent}</label>
      </div>
    </fieldset>
  );
}

function factLabels(t: Texts): Record<string, string> {
  const i = t.intake;
  return {
    supportType: i.supportType,
    receivedOn: i.receivedOn,
    housingCosts: i.housingCosts,
    netIncome: i.netIncome,
    iban: i.iban,
  };
}

export function PaperIntakeForm({
  locale,
  t,
  scans,
  today,
}: {
  locale: string;
  t: Texts;
  scans: ScanOption[];
  today: string;
}) {
  const i = t.intake;
  const { state, pending, onSubmit } = useIntake(registerPaperAction, locale);
  const [picked, setPicked] = useState<string[]>([]);
  const batches = [...new Set(scans.map((s) => s.batchId))];
  return (
    <form
      className="task-form intake-columns"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="paper-title"
    >
      <div className="stack">
        <Summary
          t={t}
          state={state}
          labels={{ ...factLabels(t), documentIds: i.scans }}
          prefix="paper"
        />
        <fieldset id="paper-documentIds" {...invalid(state, 'documentIds', 'paper-documentIds')}>
          <legend>{i.scans}</legend>
          {batches.map((batch) => (
            <div key={batch}>
              <h3>{fill(i.batch, { id: batch.slice(0, 8) })}</h3>
              {scans
                .filter((s) => s.batchId === batch)
                .map((s) => {
                  const name = `${s.fileName} – ${s.clientName} (${s.maskedIdentityCode})`;
                  return (
                    <div key={s.documentId}>
                      <div className="check">
                        <input
                          id={`scan-${s.documentId}`}
                          type="checkbox"
                          name="documentIds"
                          value={s.documentId}
                          checked={picked.includes(s.documentId)}
                          onChange={(e) =>
                            setPicked((p) =>
                              e.target.checked
                                ? [...p, s.documentId]
                                : p.filter((x) => x !== s.documentId),
                            )
                          }
                        />
                        <label htmlFor={`scan-${s.documentId}`}>{name}</label>
                      </div>
                    </div>
                  );
                })}
            </div>
          ))}
          <Problems t={t} state={state} field="documentIds" id="paper-documentIds" />
        </fieldset>
        <ApplicationFacts t={t} state={state} prefix="paper" today={today} />
        <div>
          <button className="primary" type="submit" disabled={pending}>
            {i.registerPaper}
          </button>
        </div>
      </div>
      <div className="stack" data-testid="ocr-texts">
        {scans
          .filter((s) => picked.includes(s.documentId))
          .map((s) => (
            <section key={s.documentId} aria-label={fill(i.ocrText, { name: s.fileName })}>
              <h3>{fill(i.ocrText, { name: s.fileName })}</h3>
              <pre className="ocr-text" tabIndex={0}>
                {s.text || i.noText}
              </pre>
            </section>
          ))}
      </div>
    </form>
  );
}

export function OralIntakeForm({ locale, t, today }: { locale: string; t: Texts; today: string }) {
  const i = t.intake;
  const { state, pending, onSubmit } = useIntake(recordOralAction, locale);
  return (
    <form className="task-form stack" onSubmit={onSubmit} noValidate>
      <Summary
        t={t}
        state={state}
        labels={{
          ...factLabels(t),
          identityCode: i.identityCode,
          contactChannel: i.contactChannel,
          oralAccount: i.oralAccount,
        }}
        prefix="oral"
      />
      <div>
        <label htmlFor="oral-identityCode">
          {i.identityCode} <span className="required">({t.required})</span>
        </label>
        <input
          id="oral-identityCode"
          name="identityCode"
          autoComplete="off"
          {...invalid(state, 'identityCode', 'oral-identityCode')}
        />
        <Problems t={t} state={state} field="identityCode" id="oral-identityCode" />
      </div>
      <fieldset
        id="oral-contactChannel"
        {...invalid(state, 'contactChannel', 'oral-contactChannel')}
      >
        <legend>{i.contactChannel}</legend>
        {(['phone', 'visit'] as const).map((c) => (
          <div className="check" key={c}>
            <input
              id={`oral-channel-${c}`}
              type="radio"
              name="contactChannel"
              value={c}
              defaultChecked={c === 'phone'}
            />
            <label htmlFor={`oral-channel-${c}`}>{i.channels[c]}</label>
          </div>
        ))}
        <Problems t={t} state={state} field="contactChannel" id="oral-contactChannel" />
      </fieldset>
      <div>
        <label htmlFor="oral-oralAccount">
          {i.oralAccount} <span className="required">({t.required})</span>
        </label>
        <textarea
          id="oral-oralAccount"
          name="oralAccount"
          rows={4}
          maxLength={4000}
          {...invalid(state, 'oralAccount', 'oral-oralAccount')}
        />
        <Problems t={t} state={state} field="oralAccount" id="oral-oralAccount" />
      </div>
      <ApplicationFacts t={t} state={state} prefix="oral" today={today} />
      <div>
        <button className="primary" type="submit" disabled={pending}>
          {i.recordOral}
        </button>
      </div>
    </form>
  );
}
