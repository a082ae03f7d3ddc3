import { redirect } from 'next/navigation';
import { canEnterArea } from '@/modules/access/rules';
import { currentActor } from '@/modules/auth/session';
import { pageLocale } from '@/modules/i18n/server';

export const dynamic = 'force-dynamic';

/** Where a login without a target lands: the area the user's roles lead to. */
export default async function AfterLoginPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await pageLocale(params);
  const actor = await currentActor();
  if (!actor) redirect(`/${locale}/login`);
  if (canEnterArea(actor.roles, 'staff')) redirect(`/${locale}/staff`);
  if (canEnterArea(actor.roles, 'citizen')) redirect(`/${locale}/citizen`);
  redirect(`/${locale}`);
}
