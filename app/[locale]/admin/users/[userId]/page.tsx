import { eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { unitMemberships, users } from '@/db/schema';
import { requirePageArea } from '@/modules/auth/session';
import { pageLocale } from '@/modules/i18n/server';
import { assignableRoles, unitOptions } from '../load-form-data';
import { UserForm } from '../user-form';

export const dynamic = 'force-dynamic';

export default async function EditUserPage({
  params,
}: {
  params: Promise<{ locale: string; userId: string }>;
}) {
  const { locale, t } = await pageLocale(params);
  const { userId } = await params;
  await requirePageArea('admin', locale, `/${locale}/admin/users/${userId}`);
  if (!z.uuid().safeParse(userId).success) notFound();
  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) notFound();
  const memberships = await db
    .select()
    .from(unitMemberships)
    .where(eq(unitMemberships.userId, userId));
  return (
    <>
      <h1>{t.admin.editUser}</h1>
      <UserForm
        locale={locale}
        t={t.admin}
        roleNames={t.roles}
        units={await unitOptions(locale)}
        assignableRoles={user.roles.includes('citizen') ? ['citizen'] : assignableRoles}
        initial={{
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          email: user.email ?? '',
          roles: user.roles,
          unitIds: memberships.map((m) => m.unitId),
          active: user.active,
        }}
      />
    </>
  );
}
