// The citizen's whole path in each language against the real processes and workers: apply
// online with an attachment, answer a request for additional information with a file, receive
// the signed decision electronically (checked with pdfsig) and ask for reconsideration with a
// file. The caseworker's and decision maker's steps are completed through the engine port, as
// their task pages do (those pages have their own browser test in task-forms.spec).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DECISION_TEXTS } from '@/modules/decisions/decision-texts';
import { fill, type Locale } from '@/modules/i18n';
import { grantAndApprove, newCitizen } from './citizen-kit';
import { loginAs, openTaskOf, poll, t, withDb, withEngine } from './helpers';

const WIDTH = 390;

async function pdfFile(dir: string, name: string, text: string): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(text, { x: 72, y: 760, size: 14, font });
  const file = path.join(dir, name);
  writeFileSync(file, await doc.save());
  return file;
}

async function accessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help}`),
    `axe on ${what}`,
  ).toEqual([]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `horizontal overflow on ${what}`).toBeLessThanOrEqual(WIDTH);
}

/** Attaches a file through the upload field labelled `label` and waits for 100 %. */
async function attach(page: Page, locale: Locale, label: string, file: string) {
  const up = t(locale).apply.upload;
  await page.getByLabel(label).setInputFiles(file);
  const name = path.basename(file);
  await expect(
    page.getByRole('progressbar', { name: fill(up.progress, { name }) }).first(),
  ).toHaveAttribute('aria-valuenow', '100');
  // accepted by the server: listed as uploaded (and so sent with the form)
  await expect(page.getByTestId('uploaded-files').filter({ hasText: name })).toBeVisible();
}

function caseDocuments(caseId: string) {
  return withDb(
    async (db) =>
      (
        await db.query<{ title: string; type: string }>(
          'SELECT title, type FROM documents WHERE case_id = $1 ORDER BY created_at',
          [caseId],
        )
      ).rows,
  );
}

for (const locale of ['fi', 'sv', 'en'] as const) {
  test(`the citizen's path in ${locale}: apply with a file, reply with a file, signed decision, reconsideration with a file`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const a = t(locale).apply;
    const tc = t(locale).citizenCases;
    const dir = mkdtempSync(path.join(tmpdir(), 'journey-'));
    const { username, clientId } = await newCitizen(locale);
    await page.setViewportSize({ width: WIDTH, height: 844 });
    await loginAs(page, locale, username);

    // 1. apply online
    await page.goto(`/${locale}/citizen`);
    await page.getByRole('link', { name: a.start }).click();
    const next = () => page.getByRole('button', { name: a.next, exact: true }).click();
    const step = (name: string) =>
      expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    await step(a.steps.applicant);
    await page.getByLabel(a.fields.streetAddress).fill('Polkukatu 3 A 4');
    await page.getByLabel(a.fields.postalCode).fill('00100');
    await page.getByLabel(a.fields.municipality).fill('Helsinki');
    await page.getByLabel(a.fields.email).fill(`${username}@example.fi`);
    await next();
    await step(a.steps.household);
    await next();
    await step(a.steps.housing);
    await page.getByLabel(a.fields.housingType).selectOption('rental');
    await page.getByLabel(a.fields.housingCosts).fill('640');
    await next();
    await step(a.steps.incomes);
    await next();
    await step(a.steps.expenses);
    await next();
    await step(a.steps.support);
    await page.getByLabel(a.supportTypes.supplementary).check();
    await next();
    await step(a.steps.bank);
    await page.getByLabel(a.fields.iban).fill('FI21 1234 5600 0007 85');
    await page.getByLabel(a.fields.consent).check();
    await next();
    await step(a.steps.attachments);
    await attach(page, locale, a.upload.label, await pdfFile(dir, 'vuokrasopimus.pdf', 'Lease'));
    await page.getByRole('button', { name: a.toReview }).click();
    await step(a.steps.review);
    await page.getByRole('button', { name: a.submit }).click();
    await expect(page.getByTestId('receipt-case-number')).toHaveText(/^TOTU-\d{4}-\d{6}$/, {
      timeout: 60_000,
    });
    const caseNumber = (await page.getByTestId('receipt-case-number').textContent())!;
    const caseId = await withDb(
      async (db) =>
        (
          await db.query<{ id: string }>(
            "SELECT id FROM cases WHERE case_number = $1 AND client_id = $2 AND channel = 'eservice'",
            [caseNumber, clientId],
          )
        ).rows[0]!.id,
    );
    expect(await caseDocuments(caseId)).toEqual(
      expect.arrayContaining([
        { title: 'vuokrasopimus.pdf', type: 'attachment' },
        expect.objectContaining({ type: 'application' }),
      ]),
    );

    // 2. the caseworker finds it incomplete and asks for bank statements
    await withEngine(async (engine) => {
      await engine.completeUserTask(
        (await openTaskOf(engine, caseId, 'application', 'completeness-check')).userTaskKey,
        { complete: false },
      );
      await engine.completeUserTask(
        (await openTaskOf(engine, caseId, 'additional-information-request')).userTaskKey,
        { missingItems: ['bank_statements'], missingItemsText: null, replyDays: 7 },
      );
    });

    // 3. the citizen sees the request and replies with a file
    const caseLink = fill(tc.caseTitle, { number: caseNumber });
    await poll('the request in the e-service', async () => {
      await page.goto(`/${locale}/citizen`);
      return (await page.getByTestId('own-case-status').first().textContent()) ===
        tc.statuses.information_requested
        ? true
        : undefined;
    });
    await page.getByRole('link', { name: caseLink }).click();
    await expect(page.getByTestId('requested-items')).toBeVisible();
    await attach(page, locale, tc.replyFiles, await pdfFile(dir, 'tiliote.pdf', 'Statement'));
    await page.getByLabel(tc.replyLabel).fill('Bank statements attached.');
    await accessible(page, 'case page with a request');
    await page.getByRole('button', { name: tc.replySend }).click();
    await expect(page.getByRole('status')).toHaveText(tc.replySent);
    await expect(page.getByTestId('own-replies')).toContainText(fill(tc.sentFiles, { count: '1' }));
    expect(await caseDocuments(caseId)).toContainEqual({
      title: 'tiliote.pdf',
      type: 'attachment',
    });

    // 4. a decision is proposed, approved by another person, signed and notified electronically
    await withEngine((engine) => grantAndApprove(engine, caseId, 64000));
    // The worker marks the case notified just before the notification step hands the appeal
    // deadline back to the application: wait for both, as a citizen reloading would see them.
    await poll('the notified decision and its appeal form', async () => {
      await page.reload();
      const notified =
        (await page.getByTestId('own-case-status').textContent()) === tc.statuses.notified;
      return notified && (await page.getByLabel(tc.appealText).count()) > 0 ? true : undefined;
    });

    // 5. the signed decision downloads and verifies; the request for reconsideration goes with a file
    const decision = page
      .getByTestId('own-letters')
      .getByRole('listitem')
      .filter({ hasText: DECISION_TEXTS[locale].title });
    const href = await decision.getByRole('link', { name: tc.download }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    const file = path.join(dir, 'decision.pdf');
    writeFileSync(file, await pdf.body());
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');
    await accessible(page, 'case page with a decision');

    await attach(page, locale, tc.appealFiles, await pdfFile(dir, 'vuokra.pdf', 'Rent'));
    await page.getByLabel(tc.appealText).fill('The rent in the calculation is too low.');
    await page.getByRole('button', { name: tc.appealSend }).click();
    await expect(page.getByRole('status')).toHaveText(tc.appealSent);
    await expect(page.getByTestId('own-case-status')).toHaveText(tc.statuses.appeal_pending);
    expect(await caseDocuments(caseId)).toContainEqual({ title: 'vuokra.pdf', type: 'appeal' });
  });
}
