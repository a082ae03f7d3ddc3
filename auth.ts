// Auth.js (next-auth 5) configuration: local accounts and one OpenID Connect provider.
// One `auth()` serves server components, route handlers, server actions and the proxy.
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { isRole, type Role } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { loginPolicy } from '@/modules/auth/config';
import { OIDC_REFUSALS, resolveOidcUser } from '@/modules/auth/resolve-oidc-user';
import { verifyPasswordLogin } from '@/modules/auth/verify-password-login';
import { loadActor } from '@/modules/access/load-actor';
import { isLocale } from '@/modules/i18n/locales';

class InvalidLogin extends CredentialsSignin {
  code = 'invalid';
}
class LockedLogin extends CredentialsSignin {
  constructor(minutes: number) {
    super();
    this.code = `locked:${minutes}`;
  }
}

const credentialsInput = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1000),
});

const DENIED_PREFIX = 'denied:';

function oidcProvider(): NextAuthConfig['providers'][number] | null {
  const issuer = process.env.OIDC_ISSUER;
  const clientId = process.env.OIDC_CLIENT_ID;
  if (!issuer || !clientId) return null;
  const identityClaim = process.env.OIDC_IDENTITY_CODE_CLAIM ?? 'national_identification_number';
  const givenNameClaim = process.env.OIDC_GIVEN_NAME_CLAIM ?? 'given_name';
  const familyNameClaim = process.env.OIDC_FAMILY_NAME_CLAIM ?? 'family_name';
  return {
    id: 'oidc',
    name: process.env.OIDC_NAME ?? 'OpenID Connect',
    type: 'oidc',
    issuer,
    clientId,
    clientSecret: process.env.OIDC_CLIENT_SECRET,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: process.env.OIDC_SCOPE ?? 'openid profile email' } },
    async profile(profile) {
      const claims = profile as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' ? v : null);
      // The login page's language becomes a new client's preferred language.
      const { cookies } = await import('next/headers');
      const locale = (await cookies()).get('locale')?.value;
      const result = await resolveOidcUser(getDb(), {
        issuer,
        subject: String(claims.sub),
        email: str(claims.email),
        emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : null,
        name: str(claims.name),
        identityCode: str(claims[identityClaim]),
        givenName: str(claims[givenNameClaim]),
        familyName: str(claims[familyNameClaim]),
        locale: isLocale(locale) ? locale : null,
      });
      // The id (Auth.js stores it as account.providerAccountId) carries the outcome to the
      // signIn callback, which turns a denial into a clear message on the login page.
      return result.ok
        ? { id: result.userId, name: result.displayName }
        : { id: `${DENIED_PREFIX}${result.error}:${String(claims.sub)}`, name: null };
    },
  };
}

const providers: NextAuthConfig['providers'] = [
  Credentials({
    credentials: { username: {}, password: {} },
    async authorize(raw, request) {
      const parsed = credentialsInput.safeParse(raw);
      if (!parsed.success) throw new InvalidLogin();
      const result = await verifyPasswordLogin(
        getDb(),
        parsed.data.username,
        parsed.data.password,
        {
          userAgent: request?.headers?.get('user-agent') ?? null,
        },
      );
      if (result.ok) return { id: result.userId, name: result.displayName, email: result.email };
      if (result.error === 'locked') {
        throw new LockedLogin(
          Math.max(1, Math.ceil((result.lockedUntil.getTime() - Date.now()) / 60_000)),
        );
      }
      throw new InvalidLogin();
    },
  }),
];
const oidc = oidcProvider();
if (oidc) providers.push(oidc);

export const oidcProviderName: string | null = oidc
  ? (process.env.OIDC_NAME ?? 'OpenID Connect')
  : null;

const policy = loginPolicy();

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: policy.sessionMaxAgeSeconds },
  jwt: { maxAge: policy.sessionMaxAgeSeconds },
  pages: { signIn: '/fi/login', error: '/fi/login' },
  callbacks: {
    async signIn({ account }) {
      // Auth.js gives OAuth users a random id; our profile() result is in providerAccountId.
      if (!account?.providerAccountId.startsWith(DENIED_PREFIX)) return true;
      const { cookies } = await import('next/headers');
      const locale = (await cookies()).get('locale')?.value;
      const reason = account.providerAccountId.slice(DENIED_PREFIX.length).split(':')[0];
      const known = OIDC_REFUSALS.find((r) => r === reason) ?? 'no_account';
      return `/${isLocale(locale) ? locale : 'fi'}/login?error=oidc_${known}`;
    },
    async jwt({ token, user, account }) {
      const userId = account?.provider === 'oidc' ? account.providerAccountId : user?.id;
      if (userId) {
        // Roles are copied for the proxy's first check only; every action re-reads them.
        const actor = await loadActor(getDb(), userId);
        token.uid = userId;
        token.roles = actor?.roles ?? [];
      }
      return token;
    },
    session({ session, token }) {
      const roles = Array.isArray(token.roles) ? token.roles.filter(isRole) : [];
      return {
        ...session,
        user: { ...session.user, id: typeof token.uid === 'string' ? token.uid : '', roles },
      };
    },
  },
  events: {
    async signOut(message) {
      const token = 'token' in message ? message.token : null;
      if (!token || typeof token.uid !== 'string') return;
      await appendAudit(getDb(), {
        actorUserId: token.uid,
        actorName: typeof token.name === 'string' ? token.name : token.uid,
        action: 'logout',
      });
    },
  },
});

export interface SessionUser {
  id: string;
  name: string | null;
  roles: Role[];
}
