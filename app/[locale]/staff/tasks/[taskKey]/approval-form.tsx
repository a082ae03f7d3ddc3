'use client';
// The decision maker's verdict: approve, or return for redrafting with comments.
import { useState } from 'react';
import {
  ErrorSummary,
  FieldErrors,
  invalidProps,
  useTaskSubmit,
  type TaskTexts,
} from './form-bits';

export function ApprovalForm({
  locale,
  taskKey,
  t,
}: {
  locale: string;
  taskKey: string;
  t: TaskTexts;
}) {
  const a = t.approval;
  const { state, pending, onSubmit } = useTaskSubmit(locale, taskKey, 'decision_approval');
  const [verdict, setVerdict] = useState('');
  const [comments, setComments] = useState('');
  return (
    <form className="task-form stack" onSubmit={onSubmit} noValidate>
      <ErrorSummary
        t={t}
        state={state}
        labels={{ verdict: a.verdictLegend, approvalComments: a.comments }}
      />
      <fieldset id="field-verdict" {...invalidProps(state, 'verdict')}>
        <legend>
          {a.verdictLegend} <span className="required">({t.required})</span>
        </legend>
        {(['approve', 'return'] as const).map((v) => (
          <div className="check" key={v}>
            <input
              id={`verdict-${v}`}
              type="radio"
              name="verdict"
              value={v}
              checked={verdict === v}
              onChange={() => setVerdict(v)}
            />
            <label htmlFor={`verdict-${v}`}>{a[v]}</label>
          </div>
        ))}
        <FieldErrors t={t} state={state} field="verdict" />
      </fieldset>
      <div>
        <label htmlFor="field-approvalComments">{a.comments}</label>
        <textarea
          id="field-approvalComments"
          name="approvalComments"
          rows={4}
          maxLength={4000}
          value={comments}
          onChange={(e) => setComments(e.target.value)}
          {...invalidProps(state, 'approvalComments')}
        />
        <FieldErrors t={t} state={state} field="approvalComments" />
      </div>
      <div>
        <button className="primary" type="submit" disabled={pending}>
          {a.submit}
        </button>
      </div>
    </form>
  );
}
