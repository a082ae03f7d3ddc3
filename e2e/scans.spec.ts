import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { renderTextTiff } from '@/modules/documents/ocr/test-page';
import { fill } from '@/modules/i18n';
import { loginAs, t, withDb } from './helpers';

const fi = t('fi');

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** A client of the caseworker's unit whose identity code has the common century sign '-'. */
async function clientOfUnitOf(username: string) {
  return withDb(async (db) => {
    const { rows } = await db.query<{
      id: string;
      identity_code: string;
      first_names: string;
      last_name: string;
    }>(
      `SELECT c.id, c.identity_code, c.first_names, c.last_name FROM clients c
         JOIN unit_memberships m ON m.unit_id = c.responsible_unit_id
         JOIN users u ON u.id = m.user_id
       WHERE u.username = $1 AND substr(c.identity_code, 7, 1) = '-'
       ORDER BY c.last_name, c.id LIMIT 1`,
      [username],
    );
    return rows[0]!;
  });
}

test('a caseworker scans a two-page paper application, watches OCR finish, confirms the proposed client, and finds the document by a word only in its OCR text', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const client = await clientOfUnitOf('ohjaaja');
  const scan = renderTextTiff([
    ['Hakemus täydentävästä toimeentulotuesta', `Hakija: henkilötunnus ${client.identity_code}`],
    ['Liitteenä vuokrasopimus', 'Tarkistussana Kalliosaarnio'],
  ]);

  await loginAs(page, 'fi', 'ohjaaja');
  await page.getByRole('navigation').getByRole('link', { name: fi.scans.menu }).click();
  await expect(page.getByRole('heading', { level: 1, name: fi.scans.title })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel(fi.scans.files).setInputFiles({
    name: 'paperihakemus.tif',
    mimeType: 'image/tiff',
    buffer: scan,
  });
  await page.getByRole('button', { name: fi.scans.upload }).click();
  await page.waitForURL(/\/fi\/staff\/scans\/[0-9a-f-]{36}$/);

  // Progress is polled while the worker process recognises the pages.
  await expect(page.getByTestId('scan-progress-summary')).toHaveText(
    fill(fi.scans.progressSummary, { done: 2, total: 2, failed: 0 }),
    { timeout: 150_000 },
  );
  const proposal = page.getByTestId('scan-proposals').getByRole('listitem');
  await expect(proposal).toContainText(`${client.first_names} ${client.last_name}`);
  await expect(proposal).toContainText(client.identity_code);
  await expectNoAxeViolations(page);

  await proposal.getByLabel(fi.scans.documentType).selectOption('application');
  await proposal.getByRole('button', { name: fi.scans.confirm }).click();
  await expect(page.getByRole('status').filter({ hasText: fi.scans.linked })).toBeVisible();
  await expect(proposal).toContainText(fi.scans.proposalStatuses.confirmed);

  const stored = await withDb(async (db) => {
    const { rows } = await db.query<{ source_channel: string; kinds: string[] }>(
      `SELECT d.source_channel, array_agg(v.kind::text ORDER BY v.version_no) AS kinds
         FROM documents d JOIN document_versions v ON v.document_id = d.id
        WHERE d.client_id = $1 AND d.title = 'paperihakemus.tif' GROUP BY d.id`,
      [client.id],
    );
    return rows;
  });
  expect(stored).toEqual([
    { source_channel: 'scan', kinds: ['original', 'searchable_pdf', 'extracted_text'] },
  ]);

  // The word appears only on the scanned page: the archive search finds it through OCR.
  await page.goto(`/fi/archive?search=1&text=Kalliosaarnio`);
  await expect(page.getByTestId('archive-results').getByRole('row')).toContainText([
    /paperihakemus\.tif/,
  ]);

  // An archivist finds it by that word too (with a purpose), opens it, and the view is audited.
  const archivist = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const archive = await archivist.newPage();
  await loginAs(archive, 'fi', 'arkisto');
  await archive.goto('/fi/archive');
  await archive.getByLabel(fi.archive.text).fill('Kalliosaarnio');
  await archive.getByLabel(fi.archive.purpose).fill('tarkastus: skannatut hakemukset');
  await archive.getByRole('button', { name: fi.archive.search }).click();
  await archive.getByRole('link', { name: 'paperihakemus.tif', exact: true }).click();
  await expect(archive.getByRole('heading', { level: 1, name: 'paperihakemus.tif' })).toBeVisible();
  const audited = await withDb(async (db) => {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log a JOIN users u ON u.id = a.actor_user_id
        WHERE u.username = 'arkisto' AND a.action = 'document.read' AND a.client_id = $1`,
      [client.id],
    );
    return Number(rows[0]!.n);
  });
  expect(audited).toBeGreaterThan(0);
  await archivist.close();
});

test('a file that is not a scan is refused in the user’s language and no batch is created', async ({
  page,
}) => {
  await loginAs(page, 'sv', 'ohjaaja');
  await page.goto('/sv/staff/scans');
  const before = await withDb(async (db) => {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scan_files');
    return rows[0]!.n;
  });
  await page.getByLabel(t('sv').scans.files).setInputFiles({
    name: 'skanning.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html><body>inte en pdf</body></html>'),
  });
  await page.getByRole('button', { name: t('sv').scans.upload }).click();
  await expect(page.getByTestId('scan-upload-results').getByRole('alert')).toHaveText(
    fill(t('sv').scans.refused, {
      name: 'skanning.pdf',
      message: t('sv').documents.errors.unsupported_type,
    }),
  );
  const after = await withDb(async (db) => {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scan_files');
    return rows[0]!.n;
  });
  expect(after).toBe(before);
});

test('a failed page is shown with its reason, and Retry redoes only that page', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const en = t('en');
  await loginAs(page, 'en', 'ohjaaja');
  await page.goto('/en/staff/scans');
  await page.getByLabel(en.scans.files).setInputFiles({
    name: 'two-pages.tif',
    mimeType: 'image/tiff',
    buffer: renderTextTiff([['First page of the letter'], ['Second page of the letter']]),
  });
  await page.getByRole('button', { name: en.scans.upload }).click();
  await page.waitForURL(/\/en\/staff\/scans\/[0-9a-f-]{36}$/);
  const batchId = page.url().split('/').pop()!;
  const summary = page.getByTestId('scan-progress-summary');
  await expect(summary).toHaveText(
    fill(en.scans.progressSummary, { done: 2, total: 2, failed: 0 }),
    {
      timeout: 150_000,
    },
  );

  // Page 2 as the queue leaves it when its attempts ran out (the file is not finished then).
  const pageOne = await withDb(async (db) => {
    await db.query(
      `UPDATE scan_pages SET status = 'failed', error_code = 'ocr_failed', error = 'simulated',
         text = NULL, text_layer_key = NULL, attempts = 3
       WHERE batch_id = $1 AND page_number = 2`,
      [batchId],
    );
    await db.query(
      `UPDATE scan_files SET status = 'queued', searchable_key = NULL, text = NULL
       WHERE batch_id = $1`,
      [batchId],
    );
    const { rows } = await db.query<{ updated_at: Date; attempts: number }>(
      `SELECT updated_at, attempts FROM scan_pages WHERE batch_id = $1 AND page_number = 1`,
      [batchId],
    );
    return rows[0]!;
  });
  await page.reload();
  await expect(summary).toHaveText(
    fill(en.scans.progressSummary, { done: 1, total: 2, failed: 1 }),
  );
  const failedRow = page.getByTestId('scan-file-1').getByRole('row').nth(2);
  await expect(failedRow).toContainText(en.scans.statuses.failed);
  await expect(failedRow).toContainText(`${en.scans.pageErrors.ocr_failed} (simulated)`);
  await expectNoAxeViolations(page);

  await failedRow.getByRole('button', { name: fill(en.scans.retry, { n: 2 }) }).click();
  await expect(page.getByRole('status').filter({ hasText: en.scans.retried })).toBeVisible();
  await expect(summary).toHaveText(
    fill(en.scans.progressSummary, { done: 2, total: 2, failed: 0 }),
    {
      timeout: 150_000,
    },
  );
  // The searchable PDF is assembled right after the last page: wait for the file to finish.
  await expect
    .poll(() =>
      withDb(async (db) => {
        const { rows } = await db.query<{ status: string }>(
          'SELECT status FROM scan_files WHERE batch_id = $1',
          [batchId],
        );
        return rows[0]!.status;
      }),
    )
    .toBe('done');
  // The searchable PDF is assembled right after the last page: wait for the file to finish.
  await expect
    .poll(() =>
      withDb(async (db) => {
        const { rows } = await db.query<{ status: string }>(
          'SELECT status FROM scan_files WHERE batch_id = $1',
          [batchId],
        );
        return rows[0]!.status;
      }),
    )
    .toBe('done');
  const after = await withDb(async (db) => {
    const { rows } = await db.query<{
      page_number: number;
      status: string;
      attempts: number;
      updated_at: Date;
    }>(
      `SELECT page_number, status, attempts, updated_at FROM scan_pages
        WHERE batch_id = $1 ORDER BY page_number`,
      [batchId],
    );
    const file = await db.query<{ status: string; searchable_key: string | null }>(
      'SELECT status, searchable_key FROM scan_files WHERE batch_id = $1',
      [batchId],
    );
    return { pages: rows, file: file.rows[0]! };
  });
  expect(after.pages[0]).toMatchObject({ status: 'done', attempts: pageOne.attempts });
  expect(after.pages[0]!.updated_at.getTime()).toBe(pageOne.updated_at.getTime());
  expect(after.pages[1]).toMatchObject({ status: 'done', attempts: 1 });
  expect(after.file.status).toBe('done');
  expect(after.file.searchable_key).not.toBeNull();
});
