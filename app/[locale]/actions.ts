'use server';

import { signOut } from '@/auth';
import { isLocale } from '@/modules/i18n/locales';

export async function logoutAction(locale: string) {
  const target = isLocale(locale) ? locale : 'fi';
  await signOut({ redirectTo: `/${target}/login?loggedOut=1` });
}
