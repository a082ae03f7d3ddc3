import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { openClient } from '@/modules/clients/open-client';
import { pageLocale } from '@/modules/i18n/server';
import { ClientFacts } from '@/app/components/client-facts';

export const dynamic = 'force-dynamic';

export default async function CitizenHome({ params }: { params: Promise<{ locale: string }> }) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('citizen', locale, `/${locale}/citizen`);
  if (!actor.clientId) {
    return (
      <>
        <h1>{t.citizen.title}</h1>
        <p>{t.citizen.notLinked}</p>
      </>
    );
  }
  const { client, household, members } = await openClient(
    getDb(),
    actor,
    actor.clientId,
    'citizen: own data',
  );
  return (
    <>
      <h1>{t.citizen.title}</h1>
      <ClientFacts
        t={t}
        locale={locale}
        client={client}
        household={household}
        members={members}
        householdTitle={t.citizen.household}
        memberColumn={{
          title: t.staff.identityCode,
          value: (m) => (m.id === client.id ? m.identityCode : maskIdentityCode(m.identityCode)),
        }}
      />
    </>
  );
}
