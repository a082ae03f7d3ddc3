import { forbidden, notFound } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { openClient } from '@/modules/clients/open-client';
import { AppError } from '@/modules/errors';
import { formatDate } from '@/modules/i18n';
import { ClientFacts } from '@/app/components/client-facts';
import { pageLocale } from '@/modules/i18n/server';

export const dynamic = 'force-dynamic';

const purposeInput = z
  .object({
    purpose: z.enum(['contact', 'case', 'other']),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.purpose !== 'other' || (v.reason && v.reason.length >= 3));

export default async function ClientPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; clientId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const { clientId } = await params;
  const actor = await requirePageArea('staff', locale, `/${locale}/staff/clients/${clientId}`);
  if (!z.uuid().safeParse(clientId).success) notFound();

  const query = await searchParams;
  const purpose = purposeInput.safeParse(query);
  if (!purpose.success) {
    // No task for this client yet (tasks arrive with the service paths): ask for the purpose.
    const showError = query.purpose !== undefined;
    return (
      <>
        <h1>{t.client.purposeTitle}</h1>
        <p>{t.client.purposeHelp}</p>
        {showError && (
          <div className="alert" role="alert">
            {t.client.purposeRequired}
          </div>
        )}
        <form className="stack" method="get">
          <div>
            <label htmlFor="purpose">{t.client.purpose}</label>
            <select id="purpose" name="purpose" defaultValue={query.purpose ?? 'contact'}>
              <option value="contact">{t.client.purposeContact}</option>
              <option value="case">{t.client.purposeCase}</option>
              <option value="other">{t.client.purposeOther}</option>
            </select>
          </div>
          <div>
            <label htmlFor="reason">{t.client.purposeText}</label>
            <textarea id="reason" name="reason" rows={2} defaultValue={query.reason ?? ''} />
          </div>
          <div>
            <button className="primary" type="submit">
              {t.client.open}
            </button>
          </div>
        </form>
      </>
    );
  }

  const purposeText =
    purpose.data.purpose === 'other' ? `other: ${purpose.data.reason}` : purpose.data.purpose;
  let opened;
  try {
    opened = await openClient(getDb(), actor, clientId, purposeText);
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') forbidden();
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const { client, household, members } = opened;
  return (
    <>
      <p>
        <a href={`/${locale}/staff`}>{t.client.back}</a>
      </p>
      <h1>
        {client.firstNames} {client.lastName}
      </h1>
      <p>
        <a href={`/${locale}/staff/clients/${client.id}/documents`}>{t.documents.title}</a>
      </p>
      <ClientFacts
        t={t}
        locale={locale}
        client={client}
        household={household}
        members={members}
        householdTitle={t.client.householdMembers}
        memberColumn={{ title: t.client.birthDate, value: (m) => formatDate(m.birthDate, locale) }}
      />
    </>
  );
}
