'use client';
// The decision maker's verdict: approve, or return for redrafting with comments.
import { useState } from 'react';
import {
  ErrorSummary,
  TextAreaField,
  VerdictField,
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
      <VerdictField
        t={t}
        state={state}
        legend={a.verdictLegend}
        options={
          [
            { value: 'approve', label: a.approve },
            { value: 'return', label: a.return },
          ] as const
        }
        value={verdict}
        onChange={setVerdict}
      />
      <TextAreaField
        t={t}
        state={state}
        name="approvalComments"
        label={a.comments}
        rows={4}
        maxLength={4000}
        value={comments}
        onChange={setComments}
      />
      <div>
        <button className="primary" type="submit" disabled={pending}>
          {a.submit}
        </button>
      </div>
    </form>
  );
}
