import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '../globals.css';
import { canEnterArea, CLIENT_HANDLING_ROLES } from '@/modules/access/rules';
import { currentActor } from '@/modules/auth/session';
import { fill, messages } from '@/modules/i18n';
import { isLocale, LOCALES, type Locale } from '@/modules/i18n/locales';
import { logoutAction } from './actions';
import { LanguageSwitcher } from './language-switcher';

export function generateStaticParams() {
  return LOCALES.map((locale) => ({ locale }));
}

export async function generateMetadata({
  params,
}: {
  params: Promise<{ locale: string }>;
}): Promise<Metadata> {
  const { locale } = await params;
  return { title: messages(isLocale(locale) ? locale : 'fi').appName };
}

export default async function LocaleLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const { locale: raw } = await params;
  const locale: Locale = isLocale(raw) ? raw : 'fi';
  const t = messages(locale);
  const actor = await currentActor();

  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <header className="site">
          <a className="brand" href={`/${locale}`}>
            {t.appName}
          </a>
          {actor && (
            <nav aria-label={t.nav.menu}>
              <ul>
                {canEnterArea(actor.roles, 'staff') && (
                  <li>
                    <a href={`/${locale}/staff`}>{t.nav.workspace}</a>
                  </li>
                )}
                {canEnterArea(actor.roles, 'staff') && (
                  <li>
                    <a href={`/${locale}/staff/tasks`}>{t.worklist.nav}</a>
                  </li>
                )}
                {canEnterArea(actor.roles, 'staff') &&
                  actor.roles.some((role) => CLIENT_HANDLING_ROLES.includes(role)) && (
                    <li>
                      <a href={`/${locale}/staff/scans`}>{t.scans.menu}</a>
                    </li>
                  )}
                {actor.roles.some((role) => role === 'caseworker' || role === 'team_lead') && (
                  <li>
                    <a href={`/${locale}/staff/intake`}>{t.taskForms.intake.menu}</a>
                  </li>
                )}
                {canEnterArea(actor.roles, 'archive') && (
                  <li>
                    <a href={`/${locale}/archive`}>{t.archive.title}</a>
                  </li>
                )}
                {canEnterArea(actor.roles, 'admin') && (
                  <li>
                    <a href={`/${locale}/admin`}>{t.nav.admin}</a>
                  </li>
                )}
                {canEnterArea(actor.roles, 'citizen') && (
                  <li>
                    <a href={`/${locale}/citizen`}>{t.nav.citizen}</a>
                  </li>
                )}
                <li>
                  <span data-testid="current-user">
                    {fill(t.nav.loggedInAs, { name: actor.displayName })}
                  </span>
                </li>
                <li>
                  <form action={logoutAction.bind(null, locale)}>
                    <button type="submit">{t.nav.logout}</button>
                  </form>
                </li>
              </ul>
            </nav>
          )}
          <LanguageSwitcher label={t.languageSwitcher} current={locale} />
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
