'use client';

import { useParams } from 'next/navigation';
import { messages } from '@/modules/i18n';
import { isLocale } from '@/modules/i18n/locales';
import { ForbiddenView } from './forbidden-view';

export default function Forbidden() {
  const params = useParams<{ locale: string }>();
  const locale = isLocale(params?.locale) ? params.locale : 'fi';
  return <ForbiddenView t={messages(locale)} locale={locale} />;
}
