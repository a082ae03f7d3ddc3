'use client';
// A small form for one work-queue command (claim, release, assign, save or delete a filter):
// works from the keyboard, shows the server's answer in the user's language next to it.
import { useActionState, type ReactNode } from 'react';
import type { CommandState } from './actions';

export function CommandForm({
  action,
  hidden,
  children,
  className,
  testId,
}: {
  action: (prev: CommandState, form: FormData) => Promise<CommandState>;
  hidden: Record<string, string>;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState<CommandState, FormData>(action, {});
  return (
    <form action={formAction} className={className ?? 'command'} data-testid={testId}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <fieldset disabled={pending} className="plain">
        {children}
      </fieldset>
      {state.message && (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'muted' : 'error-text'}>
          {state.message}
        </p>
      )}
    </form>
  );
}
