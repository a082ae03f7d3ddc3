import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { caseWithDeliveredLetter, notifiedCase } from './citizen-kit';
import { loginAs, t, withDb } from './helpers';

/** The demo citizen's client. */
function demoClientId(): Promise<string> {
  return withDb(
    async (db) =>
      (
        await db.query<{ client_id: string }>(
          "SELECT client_id FROM users WHERE username = 'asiakas'",
        )
      ).rows[0]!.client_id,
  );
}

test('a citizen sees what is asked and by when, downloads the letter and replies; the case resumes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { caseId, caseNumber } = await caseWithDeliveredLetter(await demoClientId());
  const fi = t('fi').citizenCases;
  await loginAs(page, 'fi', 'asiakas');
  await page.goto('/fi/citizen');
  await page.getByRole('link', { name: `Hakemus ${caseNumber}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hakemus ${caseNumber}`);
  await expect(page.getByTestId('own-case-status')).toHaveText(fi.statuses.information_requested);
  await expect(page.getByTestId('requested-items')).toContainText('Tiliotteet');
  await expect(page.getByText('Tiliotteet kolmelta kuukaudelta')).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // the signed letter downloads from the inbox
  const download = await page.request.get(
    (await page.getByRole('link', { name: fi.download }).first().getAttribute('href'))!,
  );
  expect(download.status()).toBe(200);
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');

  await page.getByLabel(fi.replyLabel).fill('Tiliotteet toimitan postitse huomenna.');
  await page.getByRole('button', { name: fi.replySend }).click();
  await expect(page.getByRole('status')).toHaveText(fi.replySent);
  await expect(page.getByTestId('own-replies')).toContainText('Tiliotteet toimitan postitse');
  await expect(page.getByTestId('requested-items')).toHaveCount(0);
  // the process went on from the reply
  await expect
    .poll(async () =>
      withDb(async (db) => {
        const { rows } = await db.query<{ state: string }>(
          `SELECT state FROM engine.instances
           WHERE business_key = $1 AND bpmn_process_id = 'additional-information-request'`,
          [caseId],
        );
        return rows[0]?.state;
      }),
    )
    .toBe('COMPLETED');
});

test('a citizen cannot open another client’s case, in any language', async ({ page }) => {
  const other = await withDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT c.id FROM cases c WHERE c.client_id <> (SELECT client_id FROM users WHERE username = 'asiakas')
       LIMIT 1`,
    );
    return rows[0]!.id;
  });
  await loginAs(page, 'sv', 'asiakas');
  const response = await page.goto(`/sv/citizen/cases/${other}`);
  expect(response?.status()).toBe(404);
  const api = await page.request.get(`/api/documents/${other}/versions/1`);
  expect([403, 404]).toContain(api.status());
});

test('a citizen downloads the signed decision and files a request for reconsideration', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { caseId, caseNumber } = await notifiedCase(await demoClientId());
  const en = t('en').citizenCases;
  await loginAs(page, 'en', 'asiakas');
  await page.goto(`/en/citizen/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Application ${caseNumber}`);
  await expect(page.getByTestId('own-case-status')).toHaveText(en.statuses.notified);
  const href = await page.getByRole('link', { name: en.download }).first().getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'decision-')), 'decision.pdf');
  writeFileSync(file, await pdf.body());
  expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.getByLabel(en.appealText).fill('My rent is higher than the calculation says.');
  await page.getByRole('button', { name: en.appealSend }).click();
  await expect(page.getByRole('status')).toHaveText(en.appealSent);
  await expect(page.getByTestId('own-case-status')).toHaveText(en.statuses.appeal_pending);
});
