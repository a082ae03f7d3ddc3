import { expect, test } from '@playwright/test';
import { login, loginAs, t } from './helpers';

test('an admin creates a caseworker in a unit, who logs in and sees that unit; then deactivates them', async ({
  page,
  browser,
}) => {
  const username = `uusi${Date.now()}`;
  const m = t('fi').admin;
  await loginAs(page, 'fi', 'admin');
  await page.goto('/fi/admin');
  await page.getByRole('link', { name: m.newUser }).click();
  await page.getByLabel(m.username).fill(username);
  await page.getByLabel(m.name, { exact: true }).fill('Uusi Työntekijä');
  await page.getByLabel(m.email).fill(`${username}@demo.example`);
  await page.getByLabel(m.password).fill('hyvin-pitkä-salasana');
  await page.getByLabel('Aikuissosiaalityö, itä').check();
  await page.getByRole('button', { name: m.save }).click();
  await expect(page).toHaveURL(/\/fi\/admin\?saved=/);
  await expect(page.getByTestId(`user-${username}`)).toContainText('Aikuissosiaalityö, itä');

  const context = await browser.newContext();
  const worker = await context.newPage();
  await login(worker, 'fi', username, 'hyvin-pitkä-salasana');
  await expect(worker).toHaveURL(/\/fi\/staff$/);
  await expect(worker.getByText('Aikuissosiaalityö, itä').first()).toBeVisible();
  await expect(worker.getByText('Aikuissosiaalityö, pohjoinen')).toHaveCount(0);

  await page.getByRole('link', { name: `${m.edit}: ${username}` }).click();
  await page.getByLabel(m.activeLabel).uncheck();
  await page.getByRole('button', { name: m.save }).click();
  await expect(page.getByTestId(`user-${username}`)).toContainText(m.inactive);

  // The live session ends at the next request; a new login is refused.
  await worker.goto('/fi/staff');
  await expect(worker).toHaveURL(/\/fi\/login/);
  await login(worker, 'fi', username, 'hyvin-pitkä-salasana');
  await expect(worker.getByTestId('login-error')).toHaveText(t('fi').login.invalid);
  await context.close();
});

test('bad input in the user form is refused with every error in the user language', async ({
  page,
}) => {
  const m = t('sv').admin;
  await loginAs(page, 'sv', 'admin');
  await page.goto('/sv/admin/users/new');
  await page.getByLabel(m.username).fill('Ä!');
  await page.getByLabel(m.email).fill('inte-epost');
  await page.getByLabel(m.password).fill('kort');
  await page.getByLabel(t('sv').roles.caseworker).uncheck();
  await page.getByRole('button', { name: m.save }).click();
  const errors = page.getByTestId('user-errors');
  for (const code of ['username', 'displayName', 'email', 'password', 'roles'] as const) {
    await expect(errors).toContainText(m.errors[code]);
  }
  await expect(page).toHaveURL(/\/sv\/admin\/users\/new$/);
});
