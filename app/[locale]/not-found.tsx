'use client';

import { useParams } from 'next/navigation';
import { messages } from '@/modules/i18n';
import { isLocale } from '@/modules/i18n/locales';

export default function NotFound() {
  const params = useParams<{ locale: string }>();
  const locale = isLocale(params?.locale) ? params.locale : 'fi';
  const t = messages(locale);
  return (
    <>
      <h1>{t.errors.notFoundTitle}</h1>
      <p>{t.errors.notFound}</p>
      <p>
        <a href={`/${locale}`}>{t.errors.backHome}</a>
      </p>
    </>
  );
}
