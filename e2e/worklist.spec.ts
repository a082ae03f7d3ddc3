import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createDatabase } from '@/db/client';
import { EmbeddedEngine } from '@/engine';
import { submitApplication } from '@/modules/cases/submit-application';
import { loginAs, runtimeDatabaseUrl, t, withDb } from './helpers';

const w = t('fi').worklist;
const UNIT_TAB = 'group:unit:AIK-POHJOINEN';
const QUEUE = `/fi/staff/tasks?tab=${encodeURIComponent(UNIT_TAB)}`;

test.describe.configure({ mode: 'serial' });

/** A second caseworker of the north unit, with the demo password. */
async function ensureSecondCaseworker() {
  await withDb(async (db) => {
    await db.query(
      `INSERT INTO users (username, display_name, email, password_hash, roles)
       SELECT 'ohjaaja3', 'Outi Kolmas', 'outi.kolmas@demo.example', password_hash, '{caseworker}'
       FROM users WHERE username = 'ohjaaja' ON CONFLICT (username) DO NOTHING`,
    );
    await db.query(
      `INSERT INTO unit_memberships (user_id, unit_id)
       SELECT u.id, m.unit_id FROM users u, unit_memberships m JOIN users o ON o.id = m.user_id
       WHERE u.username = 'ohjaaja3' AND o.username = 'ohjaaja' ON CONFLICT DO NOTHING`,
    );
  });
}

/** Submits an e-service application for a client of the north unit, as the e-service would. */
async function submitNorthApplication(urgent = false): Promise<string> {
  const url = runtimeDatabaseUrl();
  const { db, pool } = createDatabase(url, 2);
  const engine = new EmbeddedEngine({ pool, connectionString: url, migrate: false });
  try {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT c.id FROM clients c JOIN units u ON u.id = c.responsible_unit_id
       WHERE u.code = 'AIK-POHJOINEN' AND c.household_role = 'applicant'
       ORDER BY c.last_name, c.id LIMIT 1 OFFSET floor(random() * 5)::int`,
    );
    const submitted = await submitApplication(
      db,
      engine,
      { userId: null, displayName: 'e-service' },
      { clientId: rows[0]!.id, channel: 'eservice', supportType: 'supplementary', urgent },
    );
    return submitted.caseId;
  } finally {
    await engine.close();
    await pool.end();
  }
}

async function openQueue(browser: Browser, username: string, path = QUEUE): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, 'fi', username, path);
  await expect(page.getByRole('heading', { level: 1, name: w.title })).toBeVisible();
  return page;
}

async function live(page: Page) {
  await expect(page.getByTestId('queue-live')).toHaveAttribute('data-connected', 'true');
}

const rowOf = (page: Page, caseId: string) =>
  page.locator('tr', { has: page.locator(`a[href="/fi/staff/cases/${caseId}"]`) });

test.beforeAll(ensureSecondCaseworker);

test('a new application appears in the unit queue; a claim moves it to My tasks and shows at once to a colleague', async ({
  browser,
}) => {
  const mine = await openQueue(browser, 'ohjaaja');
  const colleague = await openQueue(browser, 'ohjaaja3');
  await live(mine);
  await live(colleague);
  await expect(
    mine.getByRole('navigation', { name: t('fi').nav.menu }).getByRole('link', { name: w.nav }),
  ).toBeVisible();

  const caseId = await submitNorthApplication();
  // No reload: the task appears when the application has been registered.
  const row = rowOf(mine, caseId);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(rowOf(colleague, caseId)).toBeVisible();
  await expect(row.getByTestId('assignee')).toHaveText(w.nobody);
  await expect(row.getByTestId('deadline')).toContainText('arkipäivää jäljellä');
  await expect(row.getByRole('link', { name: w.taskNames['completeness-check'] })).toHaveAttribute(
    'href',
    /\/fi\/staff\/tasks\/\d+$/,
  );

  const colleagueUrl = colleague.url();
  await row.getByRole('button', { name: new RegExp(`^${w.claim}`) }).click();
  await expect(row.getByTestId('assignee')).toHaveText('Olli Ohjaaja (sinä)');
  // The colleague's page follows without a reload, and offers no claim any more.
  const theirs = rowOf(colleague, caseId);
  await expect(theirs.getByTestId('assignee')).toHaveText('Olli Ohjaaja');
  await expect(theirs.getByRole('button', { name: new RegExp(`^${w.claim}`) })).toHaveCount(0);
  expect(colleague.url()).toBe(colleagueUrl);

  await mine.getByRole('link', { name: w.tabMine }).click();
  await expect(mine.getByRole('link', { name: w.tabMine })).toHaveAttribute('aria-current', 'page');
  await expect(rowOf(mine, caseId)).toBeVisible();

  const audited = await withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT a.action FROM audit_log a JOIN users u ON u.id = a.actor_user_id
       WHERE u.username = 'ohjaaja' AND a.action = 'task.claim' AND a.details->>'businessKey' = $1`,
      [caseId],
    );
    return rows.length;
  });
  expect(audited).toBe(1);
  await mine.context().close();
  await colleague.context().close();
});

test('the team lead assigns a task to a named caseworker of the unit', async ({ browser }) => {
  const caseId = await submitNorthApplication(true);
  const lead = await openQueue(browser, 'tiiminvetaja', '/fi/staff/tasks?tab=all');
  await live(lead);
  const row = rowOf(lead, caseId);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByText(w.urgentTag)).toBeVisible();
  await row.getByLabel(new RegExp(`^${w.assignTo}`)).selectOption({ label: 'Outi Kolmas' });
  await row.getByRole('button', { name: new RegExp(`^${w.assign} ?:`) }).click();
  await expect(row.getByTestId('assignee')).toHaveText('Outi Kolmas');

  const outi = await openQueue(browser, 'ohjaaja3', '/fi/staff/tasks');
  await expect(rowOf(outi, caseId)).toBeVisible();
  await lead.context().close();
  await outi.context().close();
});

test('a saved filter round-trips', async ({ browser }) => {
  const page = await openQueue(browser, 'ohjaaja');
  await page.getByLabel(w.urgent).check();
  await page.getByLabel(w.sort).selectOption('priority');
  await page.getByRole('button', { name: w.apply }).click();
  await expect(page).toHaveURL(/urgent=1/);
  await expect(page).toHaveURL(/sort=priority/);

  await page.getByLabel(w.saveName).fill('Kiireelliset ensin');
  await page.getByRole('button', { name: w.save }).click();
  await expect(page.getByText(w.savedOk)).toBeVisible();
  const saved = page.getByRole('link', { name: 'Kiireelliset ensin' });
  await expect(saved).toBeVisible();

  await page.goto('/fi/staff/tasks');
  await expect(page.getByLabel(w.urgent)).not.toBeChecked();
  await page.getByRole('link', { name: 'Kiireelliset ensin' }).click();
  await expect(page.getByLabel(w.urgent)).toBeChecked();
  await expect(page.getByLabel(w.sort)).toHaveValue('priority');
  await expect(
    page.getByRole('link', { name: w.tabUnit.replace('{unit}', 'Aikuissosiaalityö, pohjoinen') }),
  ).toHaveAttribute('aria-current', 'page');

  // Bad input: the same name again is refused with a message, nothing changes.
  await page.getByLabel(w.saveName).fill('Kiireelliset ensin');
  await page.getByRole('button', { name: w.save }).click();
  await expect(page.getByText(w.saveErrors.duplicate)).toBeVisible();

  await page
    .getByRole('button', { name: w.deleteSaved.replace('{name}', 'Kiireelliset ensin') })
    .click();
  await expect(page.getByRole('link', { name: 'Kiireelliset ensin' })).toHaveCount(0);
  await page.context().close();
});

test('a caseworker of another unit does not see the queue, and the attempt is audited', async ({
  browser,
}) => {
  const page = await openQueue(browser, 'ohjaaja2');
  await expect(page.getByTestId(`tab-${UNIT_TAB}`)).toHaveCount(0);
  await expect(page.getByTestId('tab-group:unit:AIK-ITA')).toBeVisible();
  await page.goto(QUEUE);
  await expect(page.getByTestId('queue-refused')).toHaveText(w.refused);
  await expect(page.getByTestId('queue-table')).toHaveCount(0);
  const denied = await withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT 1 FROM audit_log a JOIN users u ON u.id = a.actor_user_id
       WHERE u.username = 'ohjaaja2' AND a.action = 'access.denied'
         AND a.details->>'resource' = 'work_queue' AND a.details->>'tab' = $1`,
      [UNIT_TAB],
    );
    return rows.length;
  });
  expect(denied).toBeGreaterThan(0);
  await page.context().close();
});

test('the queue page passes axe and works from the keyboard', async ({ browser }) => {
  const caseId = await submitNorthApplication();
  const page = await openQueue(browser, 'ohjaaja');
  const row = rowOf(page, caseId);
  await expect(row).toBeVisible({ timeout: 20_000 });
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

  // Keyboard only: from the overdue box, Tab reaches the next box; Space ticks it, Enter submits.
  await page.getByLabel(w.overdue).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/overdue=1/);
  await expect(page.getByLabel(w.overdue)).toBeChecked();
  await page.goto(QUEUE);

  // Claim with the keyboard: focus the row's button and press Enter.
  const claim = rowOf(page, caseId).getByRole('button', { name: new RegExp(`^${w.claim}`) });
  await claim.focus();
  await page.keyboard.press('Enter');
  await expect(rowOf(page, caseId).getByTestId('assignee')).toHaveText('Olli Ohjaaja (sinä)');
  const release = rowOf(page, caseId).getByRole('button', { name: new RegExp(`^${w.release}`) });
  await release.focus();
  await page.keyboard.press('Enter');
  await expect(rowOf(page, caseId).getByTestId('assignee')).toHaveText(w.nobody);

  const afterClaim = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(afterClaim.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  await page.context().close();
});
