import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loginAs, t, withDb } from './helpers';

/** A demo application of the northern unit, once the worker has registered it. */
async function registeredNorthCase(): Promise<{
  caseId: string;
  caseNumber: string;
  taskKey: string;
}> {
  const end = Date.now() + 60_000;
  for (;;) {
    const row = await withDb(async (db) => {
      const { rows } = await db.query<{ id: string; case_number: string; task_key: string }>(
        `SELECT c.id, c.case_number, ut.key::text AS task_key FROM cases c
           JOIN units u ON u.id = c.unit_id
           JOIN engine.user_tasks ut ON ut.business_key = c.id::text AND ut.state = 'CREATED'
         WHERE u.code = 'AIK-POHJOINEN' AND c.case_number IS NOT NULL
           AND ut.element_id = 'completeness-check'
         ORDER BY c.case_number LIMIT 1`,
      );
      return rows[0];
    });
    if (row) return { caseId: row.id, caseNumber: row.case_number, taskKey: row.task_key };
    if (Date.now() > end) throw new Error('no registered demo case');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The newest audit row of an action about this case (other specs run in parallel). */
async function lastAudit(action: string, caseId: string) {
  return withDb(async (db) => {
    const { rows } = await db.query<{ purpose: string | null; details: Record<string, unknown> }>(
      `SELECT purpose, details FROM audit_log
       WHERE action = $1 AND (details->>'caseId' = $2 OR details->>'requestedId' = $2)
       ORDER BY seq DESC LIMIT 1`,
      [action, caseId],
    );
    return rows[0];
  });
}

test('a caseworker opens a case with a reason, sees the diagram and timeline, writes a note and logs a contact', async ({
  page,
}) => {
  const fi = t('fi').caseView;
  const { caseId, caseNumber } = await registeredNorthCase();
  await loginAs(page, 'fi', 'ohjaaja');
  await page.goto(`/fi/staff/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fi.purposeTitle);
  await page.getByLabel(fi.reason).fill('Asiakas soitti ja kysyi hakemuksen tilaa');
  await page.getByRole('button', { name: fi.open }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Asia ${caseNumber}`);
  expect(await lastAudit('case.read', caseId)).toMatchObject({
    purpose: 'reason:Asiakas soitti ja kysyi hakemuksen tilaa',
  });

  // the diagram shows where the case stands: the completeness check is the active step
  const diagram = page.getByTestId('process-diagram').first();
  await expect(diagram).toHaveAttribute('data-state', 'ready');
  // the handling sub-process is drawn collapsed: it is the active step on the main plane, and
  // drilling into it shows the completeness check as the open task
  await expect(diagram.locator('[data-element-id="handling"].path-active')).toHaveCount(1);
  await expect(diagram.locator('[data-element-id="register-application"].path-done')).toHaveCount(
    1,
  );
  await diagram.locator('.djs-overlay-drilldown button').click();
  await expect(diagram.locator('[data-element-id="completeness-check"].path-active')).toBeVisible();
  await expect(page.getByTestId('timeline')).toContainText(fi.kinds.received);
  await expect(page.getByTestId('open-tasks')).toContainText('Tarkista hakemuksen täydellisyys');

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => String(n.target)).join(' ')})`,
    ),
  ).toEqual([]);

  const note = `Soitto ${Date.now()}: asiakas toimittaa tiliotteet viikon kuluessa.`;
  await page.getByLabel(fi.noteText).fill(note);
  await page.getByRole('button', { name: fi.addNote }).click();
  await expect(page.getByTestId('case-notes')).toContainText(note);
  await expect(page.getByRole('status')).toHaveText(fi.saved);

  await page.getByLabel(fi.contactChannel).selectOption('phone');
  await page.getByLabel(fi.contactAt, { exact: true }).fill('2026-11-02T09:15');
  await page.getByLabel(fi.contactSummary).fill('Kysyi käsittelyajasta');
  await page.getByRole('button', { name: fi.addContact }).click();
  await expect(page.getByTestId('case-contacts')).toContainText('Kysyi käsittelyajasta');
  await expect(page.getByTestId('case-contacts')).toContainText(fi.channels.phone);

  // a contact in the future is refused with a message, and nothing is written
  await page.getByLabel(fi.contactAt, { exact: true }).fill('2099-01-01T09:15');
  await page.getByLabel(fi.contactSummary).fill('Tulevaisuudesta');
  await page.getByRole('button', { name: fi.addContact }).click();
  await expect(page.getByText(fi.invalid)).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('case-contacts')).not.toContainText('Tulevaisuudesta');
});

test('opening from the task logs the task as the purpose; the case view works in Swedish', async ({
  page,
}) => {
  const { caseId, caseNumber, taskKey } = await registeredNorthCase();
  await loginAs(page, 'sv', 'ohjaaja');
  await page.goto(`/sv/staff/cases/${caseId}?task=${taskKey}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Ärende ${caseNumber}`);
  expect(
    await withDb(
      async (db) =>
        (
          await db.query(
            `SELECT 1 FROM audit_log WHERE action = 'case.read' AND purpose = $1
             AND details->>'caseId' = $2`,
            [`task:${taskKey}`, caseId],
          )
        ).rowCount,
    ),
  ).toBe(1);
  await expect(page.getByRole('heading', { name: t('sv').caseView.timeline })).toBeVisible();
});

test('a caseworker of another unit is refused the case, and the refusal is audited', async ({
  page,
}) => {
  const { caseId } = await registeredNorthCase();
  await loginAs(page, 'fi', 'ohjaaja2');
  await page.goto(`/fi/staff/cases/${caseId}?reason=${encodeURIComponent('Uteliaisuus ei riitä')}`);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  expect(await lastAudit('access.denied', caseId)).toMatchObject({
    details: { resource: 'case', requestedId: caseId, reason: 'other_unit' },
  });
});
