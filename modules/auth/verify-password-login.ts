// Password login with lockout after repeated failures; every outcome is audited.
import { hash, verify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { appendAudit } from '@/modules/audit';
import { loginPolicy } from './config';

export type PasswordLoginResult =
  | { ok: true; userId: string; displayName: string; email: string | null }
  | { ok: false; error: 'invalid' }
  | { ok: false; error: 'locked'; lockedUntil: Date };

// argon2id, OWASP's second recommended setting (19 MiB, 2 passes).
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// Verifying against a fixed hash for unknown users keeps the response time the same.
let dummyHash: Promise<string> | undefined;

export async function verifyPasswordLogin(
  db: Database,
  usernameInput: string,
  password: string,
  meta: { userAgent?: string | null } = {},
  now: Date = new Date(),
): Promise<PasswordLoginResult> {
  const policy = loginPolicy();
  const username = usernameInput.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);

  if (!user || !user.active || !user.passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verify(await dummyHash, password);
    await appendAudit(db, {
      actorName: username.slice(0, 100) || '(empty)',
      action: 'login_failed',
      details: {
        method: 'password',
        reason: user ? 'inactive_or_no_password' : 'unknown_user',
        userAgent: meta.userAgent,
      },
    });
    return { ok: false, error: 'invalid' };
  }

  if (user.lockedUntil && user.lockedUntil > now) {
    await appendAudit(db, {
      actorUserId: user.id,
      actorName: user.displayName,
      action: 'login_locked',
      details: { method: 'password', lockedUntil: user.lockedUntil.toISOString() },
    });
    return { ok: false, error: 'locked', lockedUntil: user.lockedUntil };
  }

  if (!(await verify(user.passwordHash, password))) {
    // Count atomically: parallel guesses must not slip past the limit.
    const [updated] = await db
      .update(users)
      .set({
        failedLoginCount: sql`${users.failedLoginCount} + 1`,
        lockedUntil: sql`CASE WHEN ${users.failedLoginCount} + 1 >= ${policy.maxFailedLogins}
          THEN ${now.toISOString()}::timestamptz + make_interval(mins => ${policy.lockMinutes})
          ELSE NULL END`,
      })
      .where(eq(users.id, user.id))
      .returning({ failed: users.failedLoginCount, lockedUntil: users.lockedUntil });
    const lockedNow = updated?.lockedUntil ?? null;
    await appendAudit(db, {
      actorUserId: user.id,
      actorName: user.displayName,
      action: 'login_failed',
      details: {
        method: 'password',
        reason: 'wrong_password',
        failedInRow: updated?.failed,
        locked: lockedNow !== null,
        userAgent: meta.userAgent,
      },
    });
    if (lockedNow) return { ok: false, error: 'locked', lockedUntil: lockedNow };
    return { ok: false, error: 'invalid' };
  }

  await db
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now })
    .where(eq(users.id, user.id));
  await appendAudit(db, {
    actorUserId: user.id,
    actorName: user.displayName,
    action: 'login',
    details: { method: 'password', userAgent: meta.userAgent },
  });
  return { ok: true, userId: user.id, displayName: user.displayName, email: user.email };
}

export async function unlockUser(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null })
    .where(eq(users.id, userId));
}
