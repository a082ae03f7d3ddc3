import type { Messages } from '@/modules/i18n';

export function ForbiddenView({ t, locale }: { t: Messages; locale: string }) {
  return (
    <>
      <h1>{t.errors.forbiddenTitle}</h1>
      <p data-testid="forbidden">{t.errors.forbidden}</p>
      <p>
        <a href={`/${locale}`}>{t.errors.backHome}</a>
      </p>
    </>
  );
}
