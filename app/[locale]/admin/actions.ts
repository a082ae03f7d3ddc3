'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { appendAudit } from '@/modules/audit';
import { unlockUser } from '@/modules/auth/verify-password-login';
import { requireArea } from '@/modules/auth/session';
import { isRole } from '@/modules/access/rules';
import { isLocale } from '@/modules/i18n/locales';
import { saveUser, type SaveUserError } from '@/modules/users/save-user';
import { acknowledgeIntegrityIncident } from '@/modules/archive/integrity-incidents';
import { AppError } from '@/modules/errors';

export async function unlockUserAction(locale: string, form: FormData) {
  const actor = await requireArea('admin', `/${locale}/admin`);
  const userId = z.uuid().parse(form.get('userId'));
  const db = getDb();
  const [target] = await db
    .select({ username: users.username })
    .from(users)
    .where(eq(users.id, userId));
  if (!target) return;
  await unlockUser(db, userId);
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'user.update',
    details: { userId, username: target.username, change: 'unlock' },
  });
  revalidatePath(`/${locale}/admin`);
}

export async function acknowledgeIncidentAction(locale: string, form: FormData) {
  const actor = await requireArea('admin', `/${locale}/admin`);
  const incidentId = z.uuid().safeParse(form.get('incidentId'));
  if (!incidentId.success) return;
  try {
    await acknowledgeIntegrityIncident(getDb(), actor, incidentId.data);
  } catch (error) {
    // Already acknowledged (e.g. by another admin at the same time): nothing left to do.
    if (!(error instanceof AppError && error.code === 'not_found')) throw error;
  }
  revalidatePath(`/${locale}/admin`);
}

export interface SaveUserState {
  errors?: SaveUserError[];
}

export async function saveUserAction(
  locale: string,
  _prev: SaveUserState,
  form: FormData,
): Promise<SaveUserState> {
  const lang = isLocale(locale) ? locale : 'fi';
  const actor = await requireArea('admin', `/${lang}/admin`);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const id = text('id');
  const result = await saveUser(getDb(), actor, {
    id: id || undefined,
    username: text('username'),
    displayName: text('displayName'),
    email: text('email'),
    password: text('password'),
    roles: form.getAll('roles').filter(isRole),
    unitIds: form
      .getAll('unitIds')
      .filter((v): v is string => typeof v === 'string' && z.uuid().safeParse(v).success),
    active: form.get('active') === 'on',
  });
  if (!result.ok) return { errors: result.errors };
  revalidatePath(`/${lang}/admin`);
  redirect(`/${lang}/admin?saved=${encodeURIComponent(result.userId)}`);
}
