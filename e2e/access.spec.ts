import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { loginAs, t, withDb } from './helpers';

async function clientOfUnitOf(username: string) {
  return withDb(async (db) => {
    const { rows } = await db.query<{ id: string; identity_code: string; last_name: string }>(
      `SELECT c.id, c.identity_code, c.last_name FROM clients c
         JOIN unit_memberships m ON m.unit_id = c.responsible_unit_id
         JOIN users u ON u.id = m.user_id
       WHERE u.username = $1 ORDER BY c.last_name LIMIT 1`,
      [username],
    );
    return rows[0]!;
  });
}

async function lastAuditOf(username: string) {
  return withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT a.* FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE u.username = $1 ORDER BY seq DESC LIMIT 1`,
      [username],
    );
    return rows[0];
  });
}

async function expectNoAxeViolations(page: Page) {
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test('a caseworker is refused the admin page (403), and the refusal is audited', async ({
  page,
}) => {
  await loginAs(page, 'fi', 'ohjaaja');
  await expect(page).toHaveURL(/\/fi\/staff$/);
  const response = await page.goto('/fi/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toHaveText(t('fi').errors.forbidden);
  await expect(page.getByRole('heading', { name: t('fi').admin.users })).toHaveCount(0);
  expect(await lastAuditOf('ohjaaja')).toMatchObject({
    action: 'access.denied',
    details: { area: 'admin' },
  });
});

test('a citizen is refused the staff workspace', async ({ page }) => {
  await loginAs(page, 'en', 'asiakas');
  await expect(page).toHaveURL(/\/en\/citizen$/);
  const response = await page.goto('/en/staff');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
});

test('a caseworker opens a client of their unit with a purpose; it is audited and the full code shown', async ({
  page,
}) => {
  const client = await clientOfUnitOf('ohjaaja');
  await loginAs(page, 'fi', 'ohjaaja');
  await page
    .getByRole('link', { name: new RegExp(client.last_name) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fi').client.purposeTitle);
  await page.getByLabel(t('fi').client.purpose, { exact: true }).selectOption('other');
  await page.getByRole('button', { name: t('fi').client.open }).click();
  await expect(page.locator('.alert')).toHaveText(t('fi').client.purposeRequired);
  await page.getByLabel(t('fi').client.purposeText).fill('Puhelu asiakkaalta');
  await page.getByRole('button', { name: t('fi').client.open }).click();
  await expect(page.getByTestId('identity-code')).toHaveText(/^\d{6}[+\-A-FU-Y]\d{3}[0-9A-Y]$/);
  const audit = await lastAuditOf('ohjaaja');
  expect(audit).toMatchObject({ action: 'client.read', purpose: 'other: Puhelu asiakkaalta' });
});

test('the client list shows masked identity codes only', async ({ page }) => {
  await loginAs(page, 'fi', 'ohjaaja');
  const cells = page.locator('tbody tr td:nth-child(2)');
  await expect(cells.first()).toHaveText(/^\d{6}[+\-A-FU-Y]\*{4}$/);
  for (const text of await cells.allTextContents()) expect(text).toMatch(/^\d{6}[+\-A-FU-Y]\*{4}$/);
});

test('a caseworker of another unit is refused the client page and the API, and it is audited', async ({
  page,
}) => {
  const client = await clientOfUnitOf('ohjaaja');
  await loginAs(page, 'fi', 'ohjaaja2');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fi').staff.title);
  const response = await page.goto(`/fi/staff/clients/${client.id}?purpose=contact`);
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  const denials = await withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT a.purpose, a.details FROM audit_log a JOIN users u ON u.id = a.actor_user_id
        WHERE u.username = 'ohjaaja2' AND a.action = 'access.denied' AND a.client_id = $1`,
      [client.id],
    );
    return rows;
  });
  expect(denials).toEqual([
    { purpose: 'contact', details: expect.objectContaining({ reason: 'other_unit' }) },
  ]);

  const api = await page.request.get(`/api/clients/${client.id}?purpose=checking`);
  expect(api.status()).toBe(403);
  expect(await api.json()).toMatchObject({ error: 'forbidden' });
});

test('the client API checks login, role and purpose itself', async ({ page }) => {
  const client = await clientOfUnitOf('ohjaaja');
  const anon = await page.request.get(`/api/clients/${client.id}?purpose=checking`);
  expect(anon.status()).toBe(401);

  await loginAs(page, 'fi', 'admin');
  await expect(page).toHaveURL(/\/fi\/staff$/);
  expect((await page.request.get(`/api/clients/${client.id}?purpose=checking`)).status()).toBe(403);

  await page.getByRole('button', { name: t('fi').nav.logout }).click();
  await loginAs(page, 'fi', 'ohjaaja');
  await expect(page).toHaveURL(/\/fi\/staff$/);
  expect((await page.request.get(`/api/clients/${client.id}`)).status()).toBe(400);
  const ok = await page.request.get(`/api/clients/${client.id}?purpose=checking`);
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ id: client.id, identityCode: client.identity_code });
});

test('the admin verifies the audit chain from the admin page', async ({ page }) => {
  await loginAs(page, 'sv', 'admin');
  await page.goto('/sv/admin');
  await expect(page.getByTestId('verify-rules')).toContainText('8, 18, 28');
  await page.getByRole('button', { name: t('sv').admin.verify }).click();
  await expect(page.getByTestId('audit-report')).toContainText('Loggkedjan är hel');
});

test('a citizen sees their own data with the full identity code and household codes masked', async ({
  page,
}) => {
  await loginAs(page, 'fi', 'asiakas');
  await expect(page.getByTestId('identity-code')).toHaveText(/^\d{6}[+\-A-FU-Y]\d{3}[0-9A-Y]$/);
  const own = await page.getByTestId('identity-code').textContent();
  const codes = await page.locator('tbody tr td:nth-child(2)').allTextContents();
  for (const code of codes) if (code !== own) expect(code).toMatch(/\*{4}$/);
});

test('the pages pass axe WCAG 2.1 AA checks', async ({ page }) => {
  test.setTimeout(180_000);
  for (const path of ['/fi', '/sv/login', '/en/login?error=x']) {
    await page.goto(path);
    await expectNoAxeViolations(page);
  }
  await loginAs(page, 'fi', 'ohjaaja');
  await expect(page).toHaveURL(/\/fi\/staff$/);
  await expectNoAxeViolations(page);
  // each click navigates: axe runs on the new page once it is there, never mid-navigation
  await page.locator('tbody a').first().click();
  await expect(page).toHaveURL(/\/fi\/staff\/clients\/[^/?]+$/);
  await expect(page.getByRole('button', { name: t('fi').client.open })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: t('fi').client.open }).click();
  await expect(page).toHaveURL(/purpose=/);
  await expect(page.getByRole('link', { name: t('fi').documents.title })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: t('fi').documents.title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: t('fi').nav.logout }).click();
  await loginAs(page, 'en', 'admin');
  await page.goto('/en/admin');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: t('en').nav.logout }).click();
  await loginAs(page, 'sv', 'arkisto');
  await page.getByRole('link', { name: t('sv').archive.title }).click();
  await expect(page).toHaveURL(/\/sv\/archive$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: t('sv').nav.logout }).click();
  await loginAs(page, 'sv', 'asiakas');
  await expectNoAxeViolations(page);
});
