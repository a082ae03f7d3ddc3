import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { isStep, REVIEW } from '@/modules/citizen/apply/application-form';
import { loadOwnDraft } from '@/modules/citizen/apply/own-application-draft';
import { pageLocale } from '@/modules/i18n/server';
import { ApplyWizard } from './apply-wizard';

export const dynamic = 'force-dynamic';

export default async function ApplyPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('citizen', locale, `/${locale}/citizen/apply`);
  if (!actor.clientId) {
    return (
      <>
        <h1 className="long-words">{t.apply.title}</h1>
        <p>{t.citizen.notLinked}</p>
      </>
    );
  }
  const draft = await loadOwnDraft(getDb(), actor);
  const asked = (await searchParams).step;
  const step = isStep(asked) || asked === REVIEW ? asked : draft.step;
  return (
    <>
      <p>
        <a href={`/${locale}/citizen`}>{t.citizenCases.back}</a>
      </p>
      <h1 className="long-words">{t.apply.title}</h1>
      <p>{t.apply.intro}</p>
      <ApplyWizard
        locale={locale}
        t={t.apply}
        initialDraftId={draft.draftId}
        initialData={draft.data}
        initialStep={step}
      />
    </>
  );
}
