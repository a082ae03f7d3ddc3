import { expect, test, type Page } from '@playwright/test';
import { t, withDb } from './helpers';

async function idpLogin(page: Page, locale: 'fi' | 'sv' | 'en', account: string) {
  await page.goto(`/${locale}/login`);
  await page.getByRole('button', { name: 'Test IdP' }).click();
  // The provider's development login form, then its consent screen.
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  if (await consent.isVisible({ timeout: 5000 }).catch(() => false)) await consent.click();
}

test('a staff member logs in through the OpenID Connect provider and is linked by e-mail', async ({
  page,
}) => {
  await idpLogin(page, 'fi', 'sso-paattaja');
  await expect(page).toHaveURL(/\/fi\/staff$/);
  await expect(page.getByTestId('roles')).toHaveText(t('fi').roles.decision_maker);
  const row = await withDb(
    async (db) =>
      (await db.query(`SELECT oidc_subject FROM users WHERE username = 'paattaja'`)).rows[0],
  );
  expect(row).toEqual({ oidc_subject: 'sso-paattaja' });
});

test('a citizen identified by identity code gets their own page', async ({ page }) => {
  const person = await withDb(
    async (db) =>
      (
        await db.query<{ identity_code: string; last_name: string }>(
          `SELECT identity_code, last_name FROM clients WHERE household_role = 'spouse' ORDER BY identity_code LIMIT 1`,
        )
      ).rows[0]!,
  );
  await idpLogin(page, 'sv', `hetu-${person.identity_code}`);
  await expect(page).toHaveURL(/\/sv\/citizen$/);
  await expect(page.getByTestId('identity-code')).toHaveText(person.identity_code);
});

test('an identity with no account is refused with a clear message', async ({ page }) => {
  await idpLogin(page, 'en', 'sso-stranger');
  await expect(page).toHaveURL(/\/login\?error=oidc_no_account/);
  await expect(page.getByTestId('oidc-error')).toHaveText(t('en').login.oidcNoAccount);
});
