'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { appendAudit } from '@/modules/audit';
import { unlockUser } from '@/modules/auth/verify-password-login';
import { requireArea } from '@/modules/auth/session';

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
