import { expect, test } from '@playwright/test';
import { DEMO_USERS } from '@/db/seed';
import { hashPassword } from '@/modules/auth/verify-password-login';
import { fill, LOCALES } from '@/modules/i18n';
import { expectLoggedIn, login, loginAs, PASSWORD, t, withDb } from './helpers';

for (const locale of LOCALES) {
  for (const user of DEMO_USERS) {
    test(`${user.username} (${user.roles.join(', ')}) logs in in ${locale} and lands in their area`, async ({
      page,
    }) => {
      await login(page, locale, user.username);
      const m = t(locale);
      if (user.roles.includes('citizen')) {
        await expect(page).toHaveURL(new RegExp(`/${locale}/citizen$`));
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.citizen.title);
      } else {
        await expect(page).toHaveURL(new RegExp(`/${locale}/staff$`));
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.staff.title);
        await expect(page.getByTestId('roles')).toHaveText(
          user.roles.map((r) => m.roles[r]).join(', '),
        );
      }
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expectLoggedIn(page, locale);
    });
  }

  test(`a wrong password is refused with a message in ${locale}`, async ({ page }) => {
    // A different account per language: three failures on one would lock it (LOGIN_MAX_FAILED=3).
    const username = { fi: 'paattaja', sv: 'prosessi', en: 'arkisto' }[locale];
    await login(page, locale, username, 'not-the-password');
    await expect(page.getByTestId('login-error')).toHaveText(t(locale).login.invalid);
    await expect(page).toHaveURL(new RegExp(`/${locale}/login`));
  });
}

test('repeated failed logins lock the account with a clear message until an admin unlocks it', async ({
  page,
  browser,
}) => {
  const username = `lukko${Date.now()}`;
  const hash = await hashPassword(PASSWORD);
  await withDb((db) =>
    db.query(
      `INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, 'Lukko Testi', $2, '{caseworker}')`,
      [username, hash],
    ),
  );
  // The e2e server locks after 3 failures (LOGIN_MAX_FAILED=3) for 15 minutes.
  for (let i = 0; i < 2; i++) {
    await login(page, 'fi', username, `wrong-${i}`);
    await expect(page.getByTestId('login-error')).toHaveText(t('fi').login.invalid);
  }
  await login(page, 'fi', username, 'wrong-final');
  await expect(page.getByTestId('login-error')).toHaveText(
    fill(t('fi').login.locked, { minutes: 15 }),
  );

  await login(page, 'en', username, PASSWORD);
  await expect(page.getByTestId('login-error')).toContainText('The account is locked');

  const actions = await withDb(async (db) => {
    const { rows } = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE actor_name = 'Lukko Testi' ORDER BY seq`,
    );
    return rows.map((r) => r.action);
  });
  expect(actions).toEqual(['login_failed', 'login_failed', 'login_failed', 'login_locked']);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await loginAs(admin, 'fi', 'admin');
  await admin.goto('/fi/admin');
  const row = admin.getByTestId(`user-${username}`);
  await expect(row).toContainText('Lukittu');
  await row.getByRole('button', { name: t('fi').admin.unlock }).click();
  await expect(row).toContainText(t('fi').admin.active);
  await adminContext.close();

  await login(page, 'fi', username, PASSWORD);
  await expect(page).toHaveURL(/\/fi\/staff$/);
});

test('an anonymous visitor is sent to the login page and back to where they were going', async ({
  page,
}) => {
  await page.goto('/sv/staff?page=2');
  await expect(page).toHaveURL(/\/sv\/login\?callbackUrl=%2Fsv%2Fstaff%3Fpage%3D2/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('sv').login.title);
  await page.getByLabel(t('sv').login.username).fill('ohjaaja');
  await page.getByLabel(t('sv').login.password).fill(PASSWORD);
  await page.getByRole('button', { name: t('sv').login.submit, exact: true }).click();
  await expect(page).toHaveURL(/\/sv\/staff\?page=2$/);
});

test('the root sends visitors to their browser language, else to the Finnish pages', async ({
  browser,
}) => {
  for (const [browserLocale, expected] of [
    ['sv-FI', 'sv'],
    ['en-GB', 'en'],
    ['de-DE', 'fi'],
  ] as const) {
    const context = await browser.newContext({ locale: browserLocale });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(new RegExp(`/${expected}$`));
    await expect(page.locator('html')).toHaveAttribute('lang', expected);
    await context.close();
  }
});

test('the language switcher keeps the page and changes the language', async ({ page }) => {
  await page.goto('/fi/login');
  await page.getByRole('link', { name: 'Svenska' }).click();
  await expect(page).toHaveURL(/\/sv\/login$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('sv').login.title);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('logout ends the session, is audited, and protected pages need a new login', async ({
  page,
}) => {
  await login(page, 'en', 'tiiminvetaja');
  await expect(page).toHaveURL(/\/en\/staff$/);
  await page.getByRole('button', { name: t('en').nav.logout }).click();
  await expect(page).toHaveURL(/\/en\/login\?loggedOut=1/);
  await expect(page.getByRole('status')).toHaveText(t('en').login.loggedOut);
  await page.goto('/en/staff');
  await expect(page).toHaveURL(/\/en\/login\?callbackUrl=/);
  const last = await withDb(async (db) => {
    const { rows } = await db.query<{ action: string }>(
      `SELECT a.action FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE u.username = 'tiiminvetaja' ORDER BY seq DESC LIMIT 1`,
    );
    return rows[0]?.action;
  });
  expect(last).toBe('logout');
});
