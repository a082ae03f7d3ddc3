import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createDatabase } from '@/db/client';
import { createEngine } from '@/engine';
import { recordInformationReply } from '@/modules/cases/information-request';
import { fill } from '@/modules/i18n';
import { loginAs, runtimeDatabaseUrl, t, withDb } from './helpers';

const fi = t('fi');
const tf = fi.taskForms;

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => String(n.target)).join(' ')})`,
    ),
  ).toEqual([]);
}

/** Waits for an open task of the case at this element; returns its key. */
async function openTaskKey(caseId: string, elementId: string): Promise<string> {
  const end = Date.now() + 60_000;
  for (;;) {
    const key = await withDb(async (db) => {
      const { rows } = await db.query<{ key: string }>(
        `SELECT key::text AS key FROM engine.user_tasks
         WHERE business_key = $1 AND element_id = $2 AND state = 'CREATED'`,
        [caseId, elementId],
      );
      return rows[0]?.key;
    });
    if (key) return key;
    if (Date.now() > end) throw new Error(`no open ${elementId} task for ${caseId}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A registered northern demo case whose completeness check nobody has claimed (other specs
 * take the first one by case number; this takes the last). */
async function unclaimedNorthCase(): Promise<{ caseId: string; caseNumber: string; key: string }> {
  const end = Date.now() + 90_000;
  for (;;) {
    const row = await withDb(async (db) => {
      const { rows } = await db.query<{ id: string; case_number: string; key: string }>(
        `SELECT c.id, c.case_number, ut.key::text AS key FROM cases c
           JOIN units u ON u.id = c.unit_id
           JOIN engine.user_tasks ut ON ut.business_key = c.id::text AND ut.state = 'CREATED'
         WHERE u.code = 'AIK-POHJOINEN' AND c.case_number IS NOT NULL AND c.channel = 'eservice'
           AND ut.element_id = 'completeness-check' AND ut.assignee IS NULL
           -- one of the demo applications (other specs start e-service cases of their own
           -- in parallel and drive them; some have no bank account)
           AND EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'case.create'
                         AND a.actor_name = 'demo' AND a.details->>'caseId' = c.id::text)
         ORDER BY c.case_number DESC LIMIT 1`,
      );
      return rows[0];
    });
    if (row) return { caseId: row.id, caseNumber: row.case_number, key: row.key };
    if (Date.now() > end) throw new Error('no registered demo case');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Presses Space on a control: checkboxes and radios are operated from the keyboard. */
async function press(page: Page, name: string | RegExp, role: 'checkbox' | 'radio') {
  const control = page.getByRole(role, { name, exact: typeof name === 'string' });
  await control.focus();
  await page.keyboard.press('Space');
  await expect(control).toBeChecked();
}

/** Clicks a preview button and checks that the new tab received a PDF. */
async function expectPdfPreview(page: Page, button: string, path: string) {
  const responded = page
    .context()
    .waitForEvent(
      'response',
      (r) => r.url().includes(path) && r.request().resourceType() === 'document',
    );
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: button }).click();
  const response = await responded;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  await (await popup).close();
}

async function newSession(browser: Browser, username: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, 'fi', username);
  return { context, page };
}

test('incomplete application: completeness check, information request with letter preview, the reply, a decision drafted with live recalculation, approved by another person, then notified', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const { caseId, caseNumber, key } = await unclaimedNorthCase();
  await loginAs(page, 'fi', 'ohjaaja');

  // The task page: what the task is about, claimed from the keyboard.
  await page.goto(`/fi/staff/tasks/${key}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Tarkista hakemuksen täydellisyys',
  );
  const facts = page.getByTestId('task-facts');
  await expect(facts).toContainText(caseNumber);
  await expect(facts).toContainText(/\d{6}[-+A-FU-Y]\*{4}/);
  await expect(facts).toContainText(tf.deadline);
  await expect(
    page.getByRole('link', { name: fill(tf.openCase, { number: caseNumber }) }),
  ).toHaveAttribute('href', `/fi/staff/cases/${caseId}?task=${key}`);
  await page.getByRole('button', { name: tf.claim }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('assignee')).toHaveText(tf.claimedByYou);
  await expectNoAxeViolations(page);

  // "Complete" with items missing is refused in Finnish; then incomplete.
  const c = tf.completeness;
  await press(page, c.items.applicant_details, 'checkbox');
  await press(page, c.complete, 'radio');
  await page.getByRole('button', { name: tf.submit }).click();
  await expect(page.getByTestId('form-errors')).toContainText(tf.errors.items_missing);
  await expect(page.getByTestId('form-errors')).toBeFocused();
  await expectNoAxeViolations(page);
  for (const item of ['pay_slips', 'kela_decision', 'health_costs'] as const)
    await press(page, c.items[item], 'checkbox');
  await press(page, c.incomplete, 'radio');
  await page.getByRole('button', { name: tf.submit }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tf.done);

  // The request for additional information follows at once.
  const next = page.getByTestId('next-tasks').getByRole('link');
  await expect(next).toHaveText('Valitse puuttuvat selvitykset ja vastausaika');
  await next.click();
  const r = tf.request;
  await expect(page.getByRole('heading', { name: r.title })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: r.items.bank_statements })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: r.items.rental_agreement })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: r.items.pay_slips })).not.toBeChecked();
  await expect(page.getByLabel(r.replyDays)).toHaveValue('7');
  await expectNoAxeViolations(page);
  await page.getByLabel(r.details).fill('Tiliotteet kolmelta viimeiseltä kuukaudelta.');
  await expectPdfPreview(page, r.preview, '/letter-preview');
  await page.getByLabel(r.replyDays).fill('0');
  await page.getByRole('button', { name: r.submit }).click();
  await expect(page.getByTestId('form-errors')).toContainText(fill(tf.errors.min, { limit: 1 }));
  await expect(page.getByLabel(r.replyDays)).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel(r.replyDays).fill('10');
  await page.getByRole('button', { name: r.submit }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tf.done);

  // The client's reply arrives (the same function the e-service and paper replies use).
  const { db, pool } = createDatabase(runtimeDatabaseUrl(), 2);
  const engine = createEngine({ pool, connectionString: runtimeDatabaseUrl() });
  try {
    await recordInformationReply(db, engine, { caseId, replyId: `e2e-${caseId}` });
  } finally {
    await engine.close();
    await pool.end();
  }

  // Drafting: the calculation follows the inputs as they change.
  const draftKey = await openTaskKey(caseId, 'draft-decision');
  await page.goto(`/fi/staff/tasks/${draftKey}`);
  const d = tf.decision;
  await expect(page.getByRole('heading', { name: d.title })).toBeVisible();
  const total = page.getByTestId('support-total');
  await expect(total).toBeVisible();
  const before = await total.textContent();
  await page.getByLabel(d.housing).fill('900');
  await expect(total).not.toHaveText(before!);
  const withRent = await total.textContent();
  const incomeRows = await page.getByLabel(d.incomeAmount).count();
  await page.getByRole('button', { name: d.addIncome }).click();
  const added = page.getByLabel(fill(d.rowLabel, { what: d.incomeAmount, row: incomeRows + 1 }));
  await added.fill('abc');
  await expect(added).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('calculation')).toContainText(d.calculationInvalid);
  await added.fill('100');
  await expect(total).not.toHaveText(withRent!);
  await expect(page.getByTestId('calculation')).toContainText(d.lineKinds.deduction);
  await expectNoAxeViolations(page);
  await press(page, d.outcomes.granted, 'radio');
  await page.getByLabel(d.legalBasis).selectOption('supplementary_housing');
  await page.getByLabel(d.reasons).fill('Vuokra ja tulot selvitetty; menot ylittävät tulot.');
  await expectPdfPreview(page, d.preview, '/decision-preview');
  await page.getByRole('button', { name: d.submit }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tf.done);

  // The proposer is refused the approval; the decision maker sees the four-eyes rule and approves.
  const approvalKey = await openTaskKey(caseId, 'approve-decision');
  await page.goto(`/fi/staff/tasks/${approvalKey}`);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  const maker = await newSession(browser, 'paattaja');
  try {
    const p = maker.page;
    await p.goto(`/fi/staff/tasks/${approvalKey}`);
    await expect(p.getByRole('heading', { name: tf.approval.title })).toBeVisible();
    await expect(p.getByTestId('four-eyes')).toHaveText(tf.approval.fourEyes);
    await expect(p.getByTestId('proposal')).toContainText('Olli Ohjaaja');
    await expect(p.getByTestId('proposal')).toContainText(d.outcomes.granted);
    await expectNoAxeViolations(p);
    await press(p, tf.approval.approve, 'radio');
    await p.getByRole('button', { name: tf.approval.submit }).focus();
    await p.keyboard.press('Enter');
    await expect(p.getByRole('heading', { level: 1 })).toHaveText(tf.done);
    await expectNoAxeViolations(p);

    // The case goes on to notification.
    await p.goto(
      `/fi/staff/cases/${caseId}?reason=${encodeURIComponent('Päätöksen tiedoksiannon seuranta')}`,
    );
    await expect(async () => {
      await p.reload();
      await expect(p.getByTestId('timeline')).toContainText('Tiedoksianto', { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(p.getByTestId('case-documents')).toContainText(fi.documents.types.decision);
  } finally {
    await maker.context.close();
  }
});

test('a caseworker records an oral application; it starts the same handling as the e-service', async ({
  page,
}) => {
  const client = await withDb(async (db) => {
    const { rows } = await db.query<{ identity_code: string; last_name: string }>(
      `SELECT c.identity_code, c.last_name FROM clients c JOIN units u ON u.id = c.responsible_unit_id
       WHERE u.code = 'AIK-POHJOINEN' ORDER BY c.last_name DESC LIMIT 1`,
    );
    return rows[0]!;
  });
  const i = tf.intake;
  await loginAs(page, 'fi', 'ohjaaja');
  await page.getByRole('link', { name: i.menu }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(i.title);
  await expectNoAxeViolations(page);

  const form = page.locator('form', { has: page.getByRole('button', { name: i.recordOral }) });
  await form.getByLabel(i.identityCode).fill('010190-123X');
  await form.getByRole('button', { name: i.recordOral }).click();
  await expect(form.getByRole('alert')).toContainText(tf.errors.pattern);
  await expect(form.getByRole('alert')).toContainText(tf.errors.required);
  await expectNoAxeViolations(page);

  await form.getByLabel(i.identityCode).fill(client.identity_code);
  await press(page, i.channels.visit, 'radio');
  await form.getByLabel(i.oralAccount).fill('Asiakas kävi toimistolla: sähkölasku erääntyy.');
  await form.getByLabel(i.housingCosts).fill('610,50');
  await form.getByRole('button', { name: i.recordOral }).click();
  await expect(page.getByTestId('registered')).toContainText(i.submitted);
  await page.getByRole('link', { name: i.openCase }).click();
  await expect(page.getByTestId('application-data')).toContainText('sähkölasku erääntyy');
  await expect(page.getByTestId('case-contacts')).toContainText(fi.caseView.channels.visit);
  // The worker registers it like any application: a case number and the completeness check.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('open-tasks')).toContainText('Tarkista hakemuksen täydellisyys', {
      timeout: 1000,
    });
  }).toPass({ timeout: 60_000 });
  await expectNoAxeViolations(page);
});
