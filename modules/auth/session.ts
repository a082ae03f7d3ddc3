// The current user for server components, server actions and route handlers. Each caller
// checks its own permission here: the proxy's check is only a first line.
import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getDb } from '@/db/client';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { canEnterArea, type Area } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { AppError } from '@/modules/errors';
import type { Locale } from '@/modules/i18n/locales';

export async function currentActor(): Promise<LoadedActor | null> {
  const session = await auth();
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || !id) return null;
  return loadActor(getDb(), id);
}

async function auditDenied(actor: LoadedActor, area: Area, path: string) {
  await appendAudit(getDb(), {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'access.denied',
    details: { area, path },
  });
}

/** For pages: redirects to the login page, or renders 403, unless the actor may enter the area. */
export async function requirePageArea(
  area: Area,
  locale: Locale,
  path: string,
): Promise<LoadedActor> {
  const actor = await currentActor();
  if (!actor) redirect(`/${locale}/login?callbackUrl=${encodeURIComponent(path)}`);
  if (!canEnterArea(actor.roles, area)) {
    await auditDenied(actor, area, path);
    forbidden();
  }
  return actor;
}

/** For server actions and route handlers: throws an AppError the caller turns into a response. */
export async function requireArea(area: Area, path: string): Promise<LoadedActor> {
  const actor = await currentActor();
  if (!actor) throw new AppError('unauthenticated', 'login required');
  if (!canEnterArea(actor.roles, area)) {
    await auditDenied(actor, area, path);
    throw new AppError('forbidden', `role does not allow ${area}`);
  }
  return actor;
}
