'use client';

import { useActionState } from 'react';
import type { Messages } from '@/modules/i18n';
import { fill } from '@/modules/i18n';
import { loginAction, type LoginState } from './actions';

export function LoginForm({
  locale,
  t,
  callbackUrl,
}: {
  locale: string;
  t: Messages['login'];
  callbackUrl: string;
}) {
  const [state, action, pending] = useActionState<LoginState, FormData>(
    loginAction.bind(null, locale),
    {},
  );
  const message =
    state.error === 'locked'
      ? fill(t.locked, { minutes: state.minutes ?? 1 })
      : state.error === 'invalid'
        ? t.invalid
        : state.error === 'required'
          ? t.required
          : null;
  return (
    <form className="stack" action={action} noValidate>
      {message && (
        <div className="alert" role="alert" data-testid="login-error">
          {message}
        </div>
      )}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <label htmlFor="username">{t.username}</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          aria-invalid={state.error ? true : undefined}
        />
      </div>
      <div>
        <label htmlFor="password">{t.password}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={state.error ? true : undefined}
        />
      </div>
      <div>
        <button className="primary" type="submit" disabled={pending}>
          {t.submit}
        </button>
      </div>
    </form>
  );
}
