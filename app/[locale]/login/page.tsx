import { oidcProviderName } from '@/auth';
import { fill } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';
import { oidcLoginAction } from './actions';
import { LoginForm } from './login-form';

export const dynamic = 'force-dynamic';

export default async function LoginPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const query = await searchParams;
  const one = (key: string) =>
    typeof query[key] === 'string' ? (query[key] as string) : undefined;
  const callbackUrl = one('callbackUrl') ?? '';
  const error = one('error');
  const notice = one('loggedOut')
    ? t.login.loggedOut
    : one('expired')
      ? t.login.sessionExpired
      : null;
  const refusal = error?.startsWith('oidc_') ? error.slice('oidc_'.length) : null;
  const oidcError =
    refusal === 'no_account'
      ? t.login.oidcNoAccount
      : refusal && refusal in t.identity.errors
        ? t.identity.errors[refusal as keyof typeof t.identity.errors]
        : error
          ? t.login.oidcFailed
          : null;

  return (
    <>
      <h1>{t.login.title}</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {oidcError && (
        <div className="alert" role="alert" data-testid="oidc-error">
          {oidcError}
        </div>
      )}
      <LoginForm locale={locale} t={t.login} callbackUrl={callbackUrl} />
      {oidcProviderName && (
        <>
          <p>{t.login.or}</p>
          <form action={oidcLoginAction.bind(null, locale)}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button className="secondary" type="submit">
              {fill(t.login.oidc, { name: oidcProviderName })}
            </button>
          </form>
        </>
      )}
    </>
  );
}
