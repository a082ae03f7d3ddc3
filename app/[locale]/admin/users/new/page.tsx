import { requirePageArea } from '@/modules/auth/session';
import { pageLocale } from '@/modules/i18n/server';
import { assignableRoles, unitOptions } from '../load-form-data';
import { UserForm } from '../user-form';

export const dynamic = 'force-dynamic';

export default async function NewUserPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale, t } = await pageLocale(params);
  await requirePageArea('admin', locale, `/${locale}/admin/users/new`);
  return (
    <>
      <h1>{t.admin.newUser}</h1>
      <UserForm
        locale={locale}
        t={t.admin}
        roleNames={t.roles}
        units={await unitOptions(locale)}
        assignableRoles={assignableRoles}
        initial={{
          username: '',
          displayName: '',
          email: '',
          roles: ['caseworker'],
          unitIds: [],
          active: true,
        }}
      />
    </>
  );
}
