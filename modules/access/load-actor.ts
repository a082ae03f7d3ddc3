// Loads the acting user's roles and units from the database on every request: a session token
// only says who you are, never what you may do (roles and memberships can change mid-session).
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { unitMemberships, users } from '@/db/schema';
import type { Locale } from '@/modules/i18n/locales';
import type { Actor, Role } from './rules';

export interface LoadedActor extends Actor {
  displayName: string;
  username: string;
  preferredLocale: Locale;
  lastLoginAt: Date | null;
}

export async function loadActor(db: Database, userId: string): Promise<LoadedActor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !user.active) return null;
  const memberships = await db
    .select({ unitId: unitMemberships.unitId })
    .from(unitMemberships)
    .where(eq(unitMemberships.userId, userId));
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles as Role[],
    unitIds: memberships.map((m) => m.unitId),
    clientId: user.clientId,
    preferredLocale: user.preferredLocale,
    lastLoginAt: user.lastLoginAt,
  };
}
