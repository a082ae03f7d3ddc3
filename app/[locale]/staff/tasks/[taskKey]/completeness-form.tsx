'use client';
// The completeness check: a checklist of what an application needs, and the verdict.
import { useState } from 'react';
import { COMPLETENESS_ITEMS } from '@/modules/task-forms/screens';
import {
  ErrorSummary,
  FieldErrors,
  invalidProps,
  useTaskSubmit,
  type TaskTexts,
} from './form-bits';

export function CompletenessForm({
  locale,
  taskKey,
  t,
}: {
  locale: string;
  taskKey: string;
  t: TaskTexts;
}) {
  const c = t.completeness;
  const { state, pending, onSubmit } = useTaskSubmit(locale, taskKey, 'completeness_check');
  const [present, setPresent] = useState<string[]>([]);
  const [verdict, setVerdict] = useState('');
  const [note, setNote] = useState('');
  return (
    <form className="task-form stack" onSubmit={onSubmit} noValidate>
      <p>{c.intro}</p>
      <ErrorSummary
        t={t}
        state={state}
        labels={{ present: c.itemsLegend, verdict: c.verdictLegend, completenessNote: c.note }}
      />
      <fieldset id="field-present" {...invalidProps(state, 'present')}>
        <legend>{c.itemsLegend}</legend>
        {COMPLETENESS_ITEMS.map((item) => (
          <div className="check" key={item}>
            <input
              id={`present-${item}`}
              type="checkbox"
              name="present"
              value={item}
              checked={present.includes(item)}
              onChange={(e) =>
                setPresent((p) => (e.target.checked ? [...p, item] : p.filter((x) => x !== item)))
              }
            />
            <label htmlFor={`present-${item}`}>{c.items[item]}</label>
          </div>
        ))}
        <FieldErrors t={t} state={state} field="present" />
      </fieldset>
      <fieldset id="field-verdict" {...invalidProps(state, 'verdict')}>
        <legend>
          {c.verdictLegend} <span className="required">({t.required})</span>
        </legend>
        {(['complete', 'incomplete'] as const).map((v) => (
          <div className="check" key={v}>
            <input
              id={`verdict-${v}`}
              type="radio"
              name="verdict"
              value={v}
              checked={verdict === v}
              onChange={() => setVerdict(v)}
            />
            <label htmlFor={`verdict-${v}`}>{c[v]}</label>
          </div>
        ))}
        <FieldErrors t={t} state={state} field="verdict" />
      </fieldset>
      <div>
        <label htmlFor="field-completenessNote">{c.note}</label>
        <textarea
          id="field-completenessNote"
          name="completenessNote"
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...invalidProps(state, 'completenessNote')}
        />
        <FieldErrors t={t} state={state} field="completenessNote" />
      </div>
      <div>
        <button className="primary" type="submit" disabled={pending}>
          {t.submit}
        </button>
      </div>
    </form>
  );
}
