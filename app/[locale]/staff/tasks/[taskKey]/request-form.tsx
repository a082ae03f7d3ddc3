'use client';
// The request for additional information: items, details, reply time, and a preview of the
// letter (the form posted to the preview route, opened in a new tab) before it is sent.
import { useState } from 'react';
import { MISSING_ITEMS } from '@/modules/letters/missing-items';
import {
  ErrorSummary,
  FieldErrors,
  invalidProps,
  TextAreaField,
  useTaskSubmit,
  type TaskTexts,
} from './form-bits';

export function RequestForm({
  locale,
  taskKey,
  t,
  preselected,
  defaultReplyDays,
}: {
  locale: string;
  taskKey: string;
  t: TaskTexts;
  preselected: string[];
  defaultReplyDays: number;
}) {
  const r = t.request;
  const { state, pending, onSubmit } = useTaskSubmit(locale, taskKey, 'information_request');
  const [items, setItems] = useState<string[]>(preselected);
  const [text, setText] = useState('');
  const [days, setDays] = useState(String(defaultReplyDays));
  return (
    <form className="task-form stack" onSubmit={onSubmit} noValidate>
      <p>{r.intro}</p>
      {preselected.length > 0 && <p className="muted">{r.fromCheck}</p>}
      <ErrorSummary
        t={t}
        state={state}
        labels={{
          missingItems: r.itemsLegend,
          missingItemsText: r.details,
          replyDays: r.replyDays,
        }}
      />
      <fieldset id="field-missingItems" {...invalidProps(state, 'missingItems')}>
        <legend>
          {r.itemsLegend} <span className="required">({t.required})</span>
        </legend>
        {MISSING_ITEMS.map((item) => (
          <div className="check" key={item}>
            <input
              id={`item-${item}`}
              type="checkbox"
              name="missingItems"
              value={item}
              checked={items.includes(item)}
              onChange={(e) =>
                setItems((p) => (e.target.checked ? [...p, item] : p.filter((x) => x !== item)))
              }
            />
            <label htmlFor={`item-${item}`}>{r.items[item]}</label>
          </div>
        ))}
        <FieldErrors t={t} state={state} field="missingItems" />
      </fieldset>
      <TextAreaField
        t={t}
        state={state}
        name="missingItemsText"
        label={r.details}
        rows={3}
        maxLength={2000}
        value={text}
        onChange={setText}
      />
      <div>
        <label htmlFor="field-replyDays">{r.replyDays}</label>
        <p className="muted" id="replyDays-help">
          {r.replyDaysHelp}
        </p>
        <input
          id="field-replyDays"
          name="replyDays"
          type="number"
          min={1}
          max={60}
          step={1}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          aria-describedby={
            state.problems.some((p) => p.key === 'replyDays')
              ? 'replyDays-help replyDays-error'
              : 'replyDays-help'
          }
          aria-invalid={state.problems.some((p) => p.key === 'replyDays') || undefined}
        />
        <FieldErrors t={t} state={state} field="replyDays" />
      </div>
      <p className="muted" id="preview-help">
        {r.previewHelp}
      </p>
      <div className="buttons">
        <button
          type="submit"
          className="secondary"
          data-preview=""
          formAction={`/api/tasks/${taskKey}/letter-preview?locale=${locale}`}
          formMethod="post"
          formTarget="_blank"
          aria-describedby="preview-help"
        >
          {r.preview}
        </button>
        <button className="primary" type="submit" disabled={pending}>
          {r.submit}
        </button>
      </div>
    </form>
  );
}
