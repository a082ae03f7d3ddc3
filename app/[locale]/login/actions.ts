'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { signIn } from '@/auth';
import { isLocale } from '@/modules/i18n/locales';

export interface LoginState {
  error?: 'invalid' | 'locked' | 'required';
  minutes?: number;
}

/** Only same-site paths inside the chosen locale are accepted as the place to go after login. */
function safeCallback(locale: string, value: FormDataEntryValue | null): string {
  if (
    typeof value === 'string' &&
    value.startsWith(`/${locale}/`) &&
    !value.startsWith('//') &&
    !value.includes('\\')
  ) {
    return value;
  }
  return `/${locale}/after-login`;
}

export async function loginAction(
  locale: string,
  _prev: LoginState,
  form: FormData,
): Promise<LoginState> {
  const lang = isLocale(locale) ? locale : 'fi';
  const username = form.get('username');
  const password = form.get('password');
  if (
    typeof username !== 'string' ||
    typeof password !== 'string' ||
    !username.trim() ||
    !password
  ) {
    return { error: 'required' };
  }
  try {
    await signIn('credentials', {
      username,
      password,
      redirectTo: safeCallback(lang, form.get('callbackUrl')),
    });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const [code, minutes] = String(error.code).split(':');
      if (code === 'locked') return { error: 'locked', minutes: Number(minutes) || 1 };
      return { error: 'invalid' };
    }
    if (error instanceof AuthError) return { error: 'invalid' };
    throw error; // the redirect after a successful login
  }
}

export async function oidcLoginAction(locale: string, form: FormData) {
  const lang = isLocale(locale) ? locale : 'fi';
  await signIn('oidc', { redirectTo: safeCallback(lang, form.get('callbackUrl')) });
}
