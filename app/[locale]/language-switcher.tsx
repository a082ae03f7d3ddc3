'use client';

import { usePathname } from 'next/navigation';
import { LANGUAGE_NAMES, LOCALES } from '@/modules/i18n/locales';

export function LanguageSwitcher({ label, current }: { label: string; current: string }) {
  const pathname = usePathname() ?? `/${current}`;
  const rest = pathname.split('/').slice(2).join('/');
  return (
    <nav className="lang-switcher" aria-label={label}>
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            <a
              href={`/${locale}${rest ? `/${rest}` : ''}`}
              lang={locale}
              hrefLang={locale}
              aria-current={locale === current ? 'true' : undefined}
            >
              {LANGUAGE_NAMES[locale]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
