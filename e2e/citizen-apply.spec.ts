import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { makeIdentityCode } from '@/modules/clients/identity-code';
import { fill, formatMoney, type Locale } from '@/modules/i18n';
import { loginAs, t, withDb } from './helpers';

const WIDTH = 390;

/**
 * A citizen of their own for each language, so the two runs do not share one open draft: the
 * lowest identity code among applicants without an account (citizen-kit's freshApplicants takes
 * the highest, so parallel specs do not meet).
 */
async function citizenFor(locale: Locale): Promise<{ username: string; clientId: string }> {
  if (locale === 'fi') {
    const clientId = await withDb(
      async (db) =>
        (
          await db.query<{ client_id: string }>(
            "SELECT client_id FROM users WHERE username = 'asiakas'",
          )
        ).rows[0]!.client_id,
    );
    return { username: 'asiakas', clientId };
  }
  const username = `asiakas-${locale}`;
  const clientId = await withDb(async (db) => {
    await db.query(
      `INSERT INTO users (username, display_name, password_hash, roles, client_id, preferred_locale)
       SELECT $1, c.first_names || ' ' || c.last_name, u.password_hash, '{citizen}', c.id, $2
       FROM users u, clients c
       WHERE u.username = 'asiakas' AND c.household_role = 'applicant'
         AND c.id <> u.client_id AND NOT EXISTS (SELECT 1 FROM users x WHERE x.client_id = c.id)
       ORDER BY c.identity_code ASC LIMIT 1
       ON CONFLICT (username) DO NOTHING`,
      [username, locale],
    );
    return (
      await db.query<{ client_id: string }>('SELECT client_id FROM users WHERE username = $1', [
        username,
      ])
    ).rows[0]!.client_id;
  });
  return { username, clientId };
}

async function checkPage(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(results.violations, `axe on ${what}`).toEqual([]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `horizontal overflow on ${what}`).toBeLessThanOrEqual(WIDTH);
}

async function attachmentPdf(dir: string): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('Vuokrasopimus 2026', { x: 72, y: 760, size: 14, font });
  const file = path.join(dir, 'vuokrasopimus.pdf');
  writeFileSync(file, await doc.save());
  return file;
}

for (const locale of ['fi', 'sv'] as const) {
  test(`a citizen applies online in ${locale}: errors per step, resume, upload, review, one case, receipt and PDF`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const a = t(locale).apply;
    const { username, clientId } = await citizenFor(locale);
    const dir = mkdtempSync(path.join(tmpdir(), 'apply-e2e-'));
    await page.setViewportSize({ width: WIDTH, height: 844 });
    await loginAs(page, locale, username);
    await page.goto(`/${locale}/citizen`);
    await page.getByRole('link', { name: a.start }).click();
    const heading = (name: string) => page.getByRole('heading', { level: 2, name });
    const next = () => page.getByRole('button', { name: a.next, exact: true }).click();
    const summary = page.locator('.error-summary');
    /** Sends the step with one bad value: the server's message is next to the field and in the focused summary. */
    async function refused(label: string, message: string) {
      await next();
      await expect(summary).toBeFocused();
      await expect(summary).toContainText(message);
      const field = page.getByLabel(label, { exact: true }).last();
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ')[0]!;
      await expect(page.locator(`[id="${describedBy}"]`)).toHaveText(message);
      await checkPage(page, `${label} error`);
    }

    // applicant: prefilled from the register
    await expect(heading(a.steps.applicant)).toBeVisible();
    await expect(page.getByLabel(a.fields.identityCode)).not.toHaveValue('');
    await checkPage(page, 'applicant');
    await page.getByLabel(a.fields.email).fill('aino@');
    await refused(a.fields.email, a.errors.email);
    await page.getByLabel(a.fields.email).fill('aino@example.fi');
    await next();

    // household: a new member with a bad identity code first
    await expect(heading(a.steps.household)).toBeFocused();
    await checkPage(page, 'household');
    await page.getByRole('button', { name: a.addMember }).click();
    await page.getByLabel(a.fields.memberName, { exact: true }).last().fill('Testi Lapsi');
    await page.getByLabel(a.fields.memberIdentityCode, { exact: true }).last().fill('010101-0000');
    await page.getByLabel(a.fields.relation).last().selectOption('child');
    await refused(a.fields.memberIdentityCode, a.errors.identityCode);
    await page
      .getByLabel(a.fields.memberIdentityCode, { exact: true })
      .last()
      .fill(makeIdentityCode('2015-05-05', 'A', 234));
    await next();

    // housing: an amount that is not euros and cents
    await expect(heading(a.steps.housing)).toBeVisible();
    await checkPage(page, 'housing');
    await page.getByLabel(a.fields.housingType).selectOption('rental');
    await page.getByLabel(a.fields.housingCosts).fill('12,345');
    await refused(a.fields.housingCosts, a.errors.money);
    await page.getByLabel(a.fields.housingCosts).fill('520,50');
    await next();

    // reload mid-way: the draft resumes on the same step, also from the home page
    await expect(heading(a.steps.incomes)).toBeVisible();
    await page.reload();
    await expect(heading(a.steps.incomes)).toBeVisible();
    await page.goto(`/${locale}/citizen`);
    await checkPage(page, 'home with a draft');
    await page.getByRole('link', { name: a.continue }).click();
    await expect(heading(a.steps.incomes)).toBeVisible();
    await checkPage(page, 'incomes');
    await page.getByRole('button', { name: a.addIncome }).click();
    await page.getByLabel(a.fields.incomeKind).selectOption('salary');
    await page.getByLabel(a.fields.amount).fill('abc');
    await refused(a.fields.amount, a.errors.money);
    await page.getByLabel(a.fields.amount).fill('1200');
    await next();

    await expect(heading(a.steps.expenses)).toBeVisible();
    await checkPage(page, 'expenses');
    await page.getByRole('button', { name: a.addExpense }).click();
    await page.getByLabel(a.fields.expenseKind).selectOption('electricity');
    await page.getByLabel(a.fields.amount).fill('-5');
    await refused(a.fields.amount, a.errors.money);
    await page.getByLabel(a.fields.amount).fill('45,20');
    await next();

    await expect(heading(a.steps.support)).toBeVisible();
    await checkPage(page, 'support');
    await next();
    await expect(summary).toBeFocused();
    await expect(summary).toContainText(a.errors.required);
    const group = page.getByRole('radiogroup', { name: a.fields.supportType });
    await expect(group).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#support-supportType-error')).toHaveText(a.errors.required);
    await checkPage(page, 'support error');
    await page.getByLabel(a.supportTypes.supplementary).check();
    await next();

    await expect(heading(a.steps.bank)).toBeVisible();
    await checkPage(page, 'bank');
    await page.getByLabel(a.fields.iban).fill('FI21 1234 5600 0007 86');
    await refused(a.fields.iban, a.errors.iban);
    await page.getByLabel(a.fields.iban).fill('FI21 1234 5600 0007 85');
    await page.getByLabel(a.fields.consent).check();
    await next();

    // attachments: a refused type first (the server's message), then a PDF to 100 %
    await expect(heading(a.steps.attachments)).toBeVisible();
    await checkPage(page, 'attachments');
    const upload = page.getByLabel(a.upload.label);
    await upload.setInputFiles({
      name: 'muistio.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('ei liite'),
    });
    await expect(page.locator('.upload-field [role=alert]')).toContainText(
      fill(a.upload.failed, {
        name: 'muistio.txt',
        reason: t(locale).documents.errors.unsupported_type,
      }),
    );
    await checkPage(page, 'upload refused');
    await page
      .getByRole('button', { name: fill(a.upload.remove, { name: 'muistio.txt' }) })
      .click();
    await upload.setInputFiles(await attachmentPdf(dir));
    await expect(
      page.getByRole('progressbar', {
        name: fill(a.upload.progress, { name: 'vuokrasopimus.pdf' }),
      }),
    ).toHaveAttribute('aria-valuenow', '100');
    await expect(page.getByTestId('uploaded-files')).toContainText('vuokrasopimus.pdf');
    await checkPage(page, 'uploaded');
    await page.getByRole('button', { name: a.toReview }).click();

    // review: everything listed, an edit link per step that leads back to the step
    await expect(heading(a.steps.review)).toBeVisible();
    const money = (cents: number) => formatMoney(cents, locale).replace(/\s/g, ' ');
    const reviewText = (await page.locator('.apply').innerText()).replace(/\s/g, ' ');
    expect(reviewText).toContain(money(52050));
    expect(reviewText).toContain(money(120000));
    expect(reviewText).toContain('FI21 1234 5600 0007 85');
    expect(reviewText).toContain('vuokrasopimus.pdf');
    await checkPage(page, 'review');
    await page.getByRole('link', { name: fill(a.editStep, { step: a.steps.housing }) }).click();
    await expect(heading(a.steps.housing)).toBeVisible();
    await expect(page.getByLabel(a.fields.housingCosts)).toHaveValue('520,50');
    for (let i = 0; i < 5; i++) await next();
    await page.getByRole('button', { name: a.toReview }).click();
    await expect(heading(a.steps.review)).toBeVisible();

    // double click on send: one case
    const before = await withDb(
      async (db) =>
        (await db.query('SELECT id FROM cases WHERE client_id = $1', [clientId])).rowCount ?? 0,
    );
    await page.getByRole('button', { name: a.submit }).dblclick();
    await expect(page.getByRole('heading', { level: 1, name: a.receipt.title })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByTestId('receipt-case-number')).toHaveText(/^TOTU-\d{4}-\d{6}$/, {
      timeout: 30_000,
    });
    const caseNumber = (await page.getByTestId('receipt-case-number').textContent())!;
    const after = await withDb(
      async (db) =>
        (
          await db.query<{ channel: string; case_number: string }>(
            'SELECT channel, case_number FROM cases WHERE client_id = $1 ORDER BY created_at DESC',
            [clientId],
          )
        ).rows,
    );
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ channel: 'eservice', case_number: caseNumber });
    await checkPage(page, 'receipt');

    // the PDF copy through the document download route
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: a.receipt.download }).click();
    const file = path.join(dir, 'copy.pdf');
    await (await downloading).saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain(a.pdf.title);
    expect(text).toContain('FI21 1234 5600 0007 85');
    expect(text).toContain('vuokrasopimus.pdf');
    expect(text).toContain(a.housingTypes.rental);

    // the draft is consumed: the home page offers a new application again
    await page.goto(`/${locale}/citizen`);
    await expect(page.getByRole('link', { name: a.start })).toBeVisible();
    await expect(page.getByTestId('continue-application')).toHaveCount(0);
  });
}
