'use client';
// The completeness check: a checklist of what an application needs, and the verdict.
import { useState } from 'react';
import { COMPLETENESS_ITEMS } from '@/modules/task-forms/screens';
import {
  ErrorSummary,
  FieldErrors,
  invalidProps,
  TextAreaField,
  VerdictField,
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
      <VerdictField
        t={t}
        state={state}
        legend={c.verdictLegend}
        options={
          [
            { value: 'complete', label: c.complete },
            { value: 'incomplete', label: c.incomplete },
          ] as const
        }
        value={verdict}
        onChange={setVerdict}
      />
      <TextAreaField
        t={t}
        state={state}
        name="completenessNote"
        label={c.note}
        rows={3}
        maxLength={2000}
        value={note}
        onChange={setNote}
      />
      <div>
        <button className="primary" type="submit" disabled={pending}>
          {t.submit}
        </button>
      </div>
    </form>
  );
}
