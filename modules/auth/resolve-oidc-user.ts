// Maps an identity from the OpenID Connect provider to a user account: by a link made earlier,
// by the e-mail of a pre-provisioned staff account, or (citizens) by the identity code claim.
// A citizen's first login links the person to the client register, creating the client when
// no one in the register has the identity code.
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { clients, organisations, users } from '@/db/schema';
import { appendAudit } from '@/modules/audit';
import { parseIdentityCode } from '@/modules/clients/identity-code';
import type { Locale } from '@/modules/i18n/locales';
import { routeByRules } from '@/modules/routing/routing-rules';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string | null;
  emailVerified?: boolean | null;
  name?: string | null;
  /** Henkilötunnus from the identity provider's claim (Suomi.fi: nationalIdentificationNumber). */
  identityCode?: string | null;
  /** Given names and family name from the provider's claims (used when the client is created). */
  givenName?: string | null;
  familyName?: string | null;
  /** The language of the login page (its locale cookie): a new client's preferred language. */
  locale?: Locale | null;
}

export type OidcLinkedBy = 'subject' | 'email' | 'identity_code' | 'new_client';

/**
 * Why a login was refused; the login page shows `identity.errors.<reason>` (no_account:
 * `login.oidcNoAccount`).
 */
export const OIDC_REFUSALS = [
  'no_account',
  'invalid_identity_code',
  'staff_account',
  'missing_name',
  'no_unit',
] as const;
export type OidcRefusal = (typeof OIDC_REFUSALS)[number];

export type OidcResolution =
  | { ok: true; userId: string; displayName: string; linkedBy: OidcLinkedBy }
  | { ok: false; error: OidcRefusal };

const NAME_MAX_LENGTH = 200;

function cleanName(value: string | null | undefined): string | null {
  const name = value?.replace(/\s+/g, ' ').trim() ?? '';
  return name && name.length <= NAME_MAX_LENGTH ? name : null;
}

function citizenDisplayName(firstNames: string, lastName: string): string {
  return `${firstNames.split(' ')[0]} ${lastName}`;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type LinkOutcome =
  | { ok: true; userId: string; displayName: string; created: boolean }
  | { ok: false; error: OidcRefusal };

/**
 * Finds or creates the client with this identity code and its citizen account, in one
 * transaction. The client row is locked (or, when new, inserted with ON CONFLICT DO NOTHING and
 * then locked), so two first logins at once give one client and one account.
 */
async function linkByIdentityCode(
  tx: Tx,
  identity: OidcIdentity,
  code: string,
  birthDate: string,
): Promise<LinkOutcome> {
  const lockClient = async () =>
    (await tx.select().from(clients).where(eq(clients.identityCode, code)).for('update'))[0];
  let client = await lockClient();
  let created = false;
  if (!client) {
    const firstNames = cleanName(identity.givenName);
    const lastName = cleanName(identity.familyName);
    if (!firstNames || !lastName) return { ok: false, error: 'missing_name' };
    const [organisation] = await tx.select({ id: organisations.id }).from(organisations).limit(1);
    // Without an address only the routing rules' default applies.
    const unitId = organisation ? await routeByRules(tx, organisation.id, null) : null;
    if (!unitId) return { ok: false, error: 'no_unit' };
    const [inserted] = await tx
      .insert(clients)
      .values({
        identityCode: code,
        firstNames,
        lastName,
        birthDate,
        preferredLocale: identity.locale ?? 'fi',
        responsibleUnitId: unitId,
      })
      .onConflictDoNothing({ target: clients.identityCode })
      .returning();
    // Someone else created the client meanwhile: their row is committed now; use it.
    client = inserted ?? (await lockClient());
    created = Boolean(inserted);
    if (!client) throw new Error('client vanished during first login');
  }

  const [existing] = await tx.select().from(users).where(eq(users.clientId, client.id)).limit(1);
  if (existing) {
    if (!existing.active) return { ok: false, error: 'no_account' };
    if (existing.roles.length !== 1 || existing.roles[0] !== 'citizen') {
      return { ok: false, error: 'staff_account' };
    }
    if (!existing.oidcSubject) {
      await tx
        .update(users)
        .set({ oidcIssuer: identity.issuer, oidcSubject: identity.subject })
        .where(eq(users.id, existing.id));
    }
    return { ok: true, userId: existing.id, displayName: existing.displayName, created: false };
  }

  const displayName = citizenDisplayName(client.firstNames, client.lastName);
  const [user] = await tx
    .insert(users)
    .values({
      username: `citizen:${client.id}`,
      displayName,
      roles: ['citizen'],
      clientId: client.id,
      preferredLocale: client.preferredLocale,
      oidcIssuer: identity.issuer,
      oidcSubject: identity.subject,
    })
    .returning({ id: users.id });
  if (created) {
    await appendAudit(tx, {
      actorUserId: user!.id,
      actorName: displayName,
      action: 'client.create',
      clientId: client.id,
      purpose: 'first login',
      details: { method: 'oidc', issuer: identity.issuer },
    });
  }
  return { ok: true, userId: user!.id, displayName, created };
}

export async function resolveOidcUser(
  db: Database,
  identity: OidcIdentity,
): Promise<OidcResolution> {
  const done = async (userId: string, displayName: string, linkedBy: OidcLinkedBy) => {
    await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId));
    await appendAudit(db, {
      actorUserId: userId,
      actorName: displayName,
      action: 'login',
      details: { method: 'oidc', issuer: identity.issuer, linkedBy },
    });
    return { ok: true as const, userId, displayName, linkedBy };
  };
  const refuse = async (error: OidcRefusal): Promise<OidcResolution> => {
    await appendAudit(db, {
      actorName: identity.email ?? identity.subject,
      action: 'login_failed',
      details: { method: 'oidc', issuer: identity.issuer, reason: error },
    });
    return { ok: false, error };
  };

  const [linked] = await db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)))
    .limit(1);
  if (linked?.active) return done(linked.id, linked.displayName, 'subject');
  if (linked) return refuse('no_account');

  if (identity.email && identity.emailVerified !== false) {
    const [byEmail] = await db
      .select()
      .from(users)
      .where(
        and(
          eq(users.email, identity.email.toLowerCase()),
          isNull(users.oidcSubject),
          eq(users.active, true),
        ),
      )
      .limit(1);
    if (byEmail) {
      await db
        .update(users)
        .set({ oidcIssuer: identity.issuer, oidcSubject: identity.subject })
        .where(eq(users.id, byEmail.id));
      return done(byEmail.id, byEmail.displayName, 'email');
    }
  }

  if (!identity.identityCode) return refuse('no_account');
  const parsed = parseIdentityCode(identity.identityCode);
  if (!parsed.ok) return refuse('invalid_identity_code');
  const outcome = await db.transaction((tx) =>
    linkByIdentityCode(tx, identity, parsed.value.code, parsed.value.birthDate),
  );
  if (!outcome.ok) return refuse(outcome.error);
  return done(
    outcome.userId,
    outcome.displayName,
    outcome.created ? 'new_client' : 'identity_code',
  );
}
