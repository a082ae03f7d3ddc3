// Maps an identity from the OpenID Connect provider to a user account: by a link made earlier,
// by the e-mail of a pre-provisioned staff account, or (citizens) by the identity code claim.
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { clients, users } from '@/db/schema';
import { appendAudit } from '@/modules/audit';
import { parseIdentityCode } from '@/modules/clients/identity-code';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string | null;
  emailVerified?: boolean | null;
  name?: string | null;
  /** Henkilötunnus from the identity provider's claim (Suomi.fi: nationalIdentificationNumber). */
  identityCode?: string | null;
}

export type OidcResolution =
  | {
      ok: true;
      userId: string;
      displayName: string;
      linkedBy: 'subject' | 'email' | 'identity_code';
    }
  | { ok: false; error: 'no_account' };

export async function resolveOidcUser(
  db: Database,
  identity: OidcIdentity,
): Promise<OidcResolution> {
  const done = async (
    userId: string,
    displayName: string,
    linkedBy: 'subject' | 'email' | 'identity_code',
  ) => {
    await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId));
    await appendAudit(db, {
      actorUserId: userId,
      actorName: displayName,
      action: 'login',
      details: { method: 'oidc', issuer: identity.issuer, linkedBy },
    });
    return { ok: true as const, userId, displayName, linkedBy };
  };

  const [linked] = await db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)))
    .limit(1);
  if (linked?.active) return done(linked.id, linked.displayName, 'subject');

  if (!linked && identity.email && identity.emailVerified !== false) {
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

  if (!linked && identity.identityCode) {
    const parsed = parseIdentityCode(identity.identityCode);
    if (parsed.ok) {
      const [client] = await db
        .select()
        .from(clients)
        .where(eq(clients.identityCode, parsed.value.code))
        .limit(1);
      if (client) {
        const [existing] = await db
          .select()
          .from(users)
          .where(eq(users.clientId, client.id))
          .limit(1);
        if (existing?.active && existing.roles.length === 1 && existing.roles[0] === 'citizen') {
          if (!existing.oidcSubject) {
            await db
              .update(users)
              .set({ oidcIssuer: identity.issuer, oidcSubject: identity.subject })
              .where(eq(users.id, existing.id));
          }
          return done(existing.id, existing.displayName, 'identity_code');
        }
        if (!existing) {
          const displayName = `${client.firstNames.split(' ')[0]} ${client.lastName}`;
          const [created] = await db
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
          return done(created!.id, displayName, 'identity_code');
        }
      }
    }
  }

  await appendAudit(db, {
    actorName: identity.email ?? identity.subject,
    action: 'login_failed',
    details: { method: 'oidc', issuer: identity.issuer, reason: 'no_account' },
  });
  return { ok: false, error: 'no_account' };
}
