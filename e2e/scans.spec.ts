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
