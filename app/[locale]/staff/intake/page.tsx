import { forbidden } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { pageLocale } from '@/modules/i18n/server';
import { listIntakeScans } from '@/modules/intake/list-intake-scans';
import { OralIntakeForm, PaperIntakeForm } from './intake-forms';
import '../tasks/[taskKey]/task-forms.css';

export const dynamic = 'force-dynamic';

/** The purpose written to the audit log when the caseworker opens the case just registered. */
const OPEN_REASON = 'intake: application registered';

export default async function IntakePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { locale, t } = await pageLocale(params);
  const actor = await requirePageArea('staff', locale, `/${locale}/staff/intake`);
  if (!actor.roles.includes('caseworker') && !actor.roles.includes('team_lead')) forbidden();
  const registered = z.uuid().safeParse((await searchParams).registered);
  const scans = await listIntakeScans(getDb(), actor);
  const i = t.taskForms.intake;
  const today = helsinkiToday();
  return (
    <>
      <h1>{i.title}</h1>
      <p>{i.intro}</p>
      {registered.success && (
        <div className="notice" role="status" data-testid="registered">
          <p>{i.submitted}</p>
          <p>
            <a
              href={`/${locale}/staff/cases/${registered.data}?reason=${encodeURIComponent(OPEN_REASON)}`}
            >
              {i.openCase}
            </a>
          </p>
        </div>
      )}
      <section aria-labelledby="paper-title">
        <h2 id="paper-title">{i.paperTitle}</h2>
        <p>{i.paperIntro}</p>
        {scans.length ? (
          <PaperIntakeForm
            locale={locale}
            t={t.taskForms}
            today={today}
            scans={scans.map((s) => ({
              documentId: s.documentId,
              batchId: s.batchId,
              fileName: s.fileName,
              text: s.text,
              clientName: s.clientName,
              maskedIdentityCode: s.maskedIdentityCode,
            }))}
          />
        ) : (
          <p>{i.noScans}</p>
        )}
      </section>
      <section aria-labelledby="oral-title">
        <h2 id="oral-title">{i.oralTitle}</h2>
        <p>{i.oralIntro}</p>
        <OralIntakeForm locale={locale} t={t.taskForms} today={today} />
      </section>
    </>
  );
}
