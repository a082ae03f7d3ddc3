// Creates or updates a staff account (admin only): roles, unit memberships, password, active.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { unitMemberships, units, users } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { ROLES, type Role } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { hashPassword } from '@/modules/auth/verify-password-login';

export type SaveUserError =
  | 'username'
  | 'usernameTaken'
  | 'displayName'
  | 'email'
  | 'password'
  | 'roles'
  | 'ownAdmin'
  | 'citizenRole'
  | 'notFound';

export const MIN_PASSWORD_LENGTH = 12;

const input = z.object({
  id: z.uuid().optional(),
  username: z.string().trim().toLowerCase(),
  displayName: z.string().trim(),
  email: z.string().trim().toLowerCase(),
  password: z.string(),
  roles: z.array(z.enum(ROLES)),
  unitIds: z.array(z.uuid()),
  active: z.boolean(),
});

export type SaveUserInput = z.input<typeof input>;

export type SaveUserResult = { ok: true; userId: string } | { ok: false; errors: SaveUserError[] };

export async function saveUser(
  db: Database,
  actor: LoadedActor,
  raw: SaveUserInput,
): Promise<SaveUserResult> {
  if (!actor.roles.includes('admin'))
    throw new Error('saveUser: the caller must check the admin role first');
  const data = input.parse(raw);
  const errors: SaveUserError[] = [];
  const existing = data.id
    ? (await db.select().from(users).where(eq(users.id, data.id)).limit(1))[0]
    : undefined;
  if (data.id && !existing) return { ok: false, errors: ['notFound'] };

  if (!existing && !/^[a-z0-9._-]{2,64}$/.test(data.username)) errors.push('username');
  if (!data.displayName || data.displayName.length > 200) errors.push('displayName');
  if (data.email && !z.email().safeParse(data.email).success) errors.push('email');
  if (data.password && data.password.length < MIN_PASSWORD_LENGTH) errors.push('password');
  const roles = [...new Set(data.roles)] as Role[];
  if (roles.length === 0) errors.push('roles');
  if (roles.includes('citizen')) {
    // Citizens come from the client register (OpenID Connect); their role is never mixed.
    const stillCitizen =
      existing?.clientId && roles.length === 1 && existing.roles.includes('citizen');
    if (!stillCitizen) errors.push('citizenRole');
  }
  if (existing && existing.id === actor.userId && (!roles.includes('admin') || !data.active))
    errors.push('ownAdmin');
  if (!existing && errors.length === 0) {
    const [taken] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, data.username))
      .limit(1);
    if (taken) errors.push('usernameTaken');
  }
  const unitIds = [...new Set(data.unitIds)];
  if (unitIds.length) {
    const found = await db.select({ id: units.id }).from(units).where(inArray(units.id, unitIds));
    if (found.length !== unitIds.length) throw new Error('saveUser: unknown unit id');
  }
  if (errors.length) return { ok: false, errors };

  const passwordHash = data.password ? await hashPassword(data.password) : undefined;
  return db.transaction(async (tx) => {
    let userId: string;
    const before = existing
      ? {
          roles: existing.roles,
          active: existing.active,
          displayName: existing.displayName,
          email: existing.email,
          unitIds: (
            await tx.select().from(unitMemberships).where(eq(unitMemberships.userId, existing.id))
          ).map((m) => m.unitId),
        }
      : null;
    if (existing) {
      userId = existing.id;
      await tx
        .update(users)
        .set({
          displayName: data.displayName,
          email: data.email || null,
          roles,
          active: data.active,
          ...(passwordHash ? { passwordHash, failedLoginCount: 0, lockedUntil: null } : {}),
        })
        .where(eq(users.id, userId));
      await tx.delete(unitMemberships).where(eq(unitMemberships.userId, userId));
    } else {
      const [created] = await tx
        .insert(users)
        .values({
          username: data.username,
          displayName: data.displayName,
          email: data.email || null,
          roles,
          active: data.active,
          passwordHash: passwordHash ?? null,
        })
        .returning({ id: users.id });
      userId = created!.id;
    }
    if (unitIds.length)
      await tx.insert(unitMemberships).values(unitIds.map((unitId) => ({ userId, unitId })));
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: existing ? 'user.update' : 'user.create',
      details: {
        userId,
        username: existing?.username ?? data.username,
        before,
        after: {
          roles,
          active: data.active,
          displayName: data.displayName,
          email: data.email || null,
          unitIds,
        },
        passwordChanged: Boolean(passwordHash),
      },
    });
    return { ok: true as const, userId };
  });
}
