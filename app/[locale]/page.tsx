import { pageLocale } from '@/modules/i18n/server';

export default async function HomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <h1>{t.home.title}</h1>
      <p>{t.home.intro}</p>
      <p>
        <a className="button" href={`/${locale}/login?callbackUrl=/${locale}/staff`}>
          {t.home.staffLogin}
        </a>{' '}
        <a className="button" href={`/${locale}/login?callbackUrl=/${locale}/citizen`}>
          {t.home.citizenLogin}
        </a>
      </p>
    </>
  );
}
