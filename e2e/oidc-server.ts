// A real OpenID Connect provider (panva/oidc-provider) on loopback for login tests.
// Its development login form accepts any password; the login name picks the account below,
// and `hetu-<code>` is a person identified by an identity code claim (as Suomi.fi does);
// `hetu-<code>:<given names>:<family name>` adds the name claims a first login needs.
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  name?: string;
  national_identification_number?: string;
  given_name?: string;
  family_name?: string;
}

export interface OidcServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startOidcServer(options: {
  port: number;
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}): Promise<OidcServer> {
  const issuer = `http://localhost:${options.port}`;
  const clientId = 'sosiaali-e2e';
  const clientSecret = 'e2e-only-client-secret';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'national_identification_number'],
    },
    // Put name, e-mail and the identity code into the ID token itself.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['e2e-only-cookie-key'] },
    async findAccount(_ctx, id) {
      // `hetu-<identity code>` logs in as a person identified only by their identity code.
      const account = id.startsWith('hetu-') ? personOf(id) : (options.accounts[id] ?? {});
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...account, email_verified: account.email ? true : undefined };
        },
      };
    },
  });
  const server = provider.listen(options.port);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `hetu-<code>` or `hetu-<code>:<given names>:<family name>` (spaces allowed in names). */
function personOf(login: string): TestAccount {
  const [code, given, family] = login.slice('hetu-'.length).split(':');
  return given && family
    ? {
        national_identification_number: code!,
        given_name: given,
        family_name: family,
        name: `${given} ${family}`,
      }
    : { national_identification_number: code!, name: 'Henkilö' };
}
