// First line of defence for every page: locale prefix, login, and the area's roles.
// Pages, server actions and route handlers check again themselves (see modules/auth/session.ts).
import { NextResponse } from 'next/server';
import { auth } from '@/auth';
import { getDb } from '@/db/client';
import { appendAudit } from '@/modules/audit';
import { areaOfPath, canEnterArea, isRole } from '@/modules/access/rules';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/modules/i18n/locales';

function preferredLocale(acceptLanguage: string | null, cookie: string | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
    if (isLocale(tag)) return tag;
  }
  return DEFAULT_LOCALE;
}

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export const proxy = auth(async (req) => {
  const { pathname, search } = req.nextUrl;
  const [, first, ...rest] = pathname.split('/');

  if (!isLocale(first)) {
    const locale = preferredLocale(
      req.headers.get('accept-language'),
      req.cookies.get('locale')?.value,
    );
    const target = new URL(`/${locale}${pathname === '/' ? '' : pathname}${search}`, req.url);
    return NextResponse.redirect(target);
  }
  const locale = first;
  const area = areaOfPath(`/${rest.join('/')}`);

  let response: NextResponse;
  if (area) {
    const user = req.auth?.user as { roles?: unknown[] } | undefined;
    if (!user) {
      const login = new URL(`/${locale}/login`, req.url);
      login.searchParams.set('callbackUrl', `${pathname}${search}`);
      if (SESSION_COOKIES.some((name) => req.cookies.has(name)))
        login.searchParams.set('expired', '1');
      return NextResponse.redirect(login);
    }
    const roles = (user.roles ?? []).filter(isRole);
    if (canEnterArea(roles, area)) {
      response = NextResponse.next();
    } else {
      const who = req.auth?.user as { id?: string; name?: string | null } | undefined;
      await appendAudit(getDb(), {
        actorUserId: who?.id || null,
        actorName: who?.name ?? 'unknown',
        action: 'access.denied',
        details: { area, path: pathname },
      });
      response = NextResponse.rewrite(new URL(`/${locale}/forbidden`, req.url), { status: 403 });
    }
  } else {
    response = NextResponse.next();
  }
  if (req.cookies.get('locale')?.value !== locale) {
    response.cookies.set('locale', locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  }
  return response;
});

export const config = {
  matcher: ['/((?!api/|_next/|favicon.ico|.*\\.[a-zA-Z0-9]+$).*)'],
};
