import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { png } from '@/modules/documents/test-files';
import { loginAs, t, withDb } from './helpers';

async function clientOfUnitOf(username: string): Promise<string> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT c.id FROM clients c
         JOIN unit_memberships m ON m.unit_id = c.responsible_unit_id
         JOIN users u ON u.id = m.user_id
       WHERE u.username = $1 ORDER BY c.last_name, c.id LIMIT 1`,
      [username],
    );
    return rows[0]!.id;
  });
}

async function textPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

async function uploadThroughPage(page: Page, title: string, name: string, bytes: Buffer) {
  await page.getByLabel(t('fi').documents.file).setInputFiles({
    name,
    mimeType: 'application/octet-stream',
    buffer: bytes,
  });
  await page.getByLabel(t('fi').documents.docTitle).fill(title);
  await page.getByRole('button', { name: t('fi').documents.upload }).click();
}

async function uploadByApi(
  request: APIRequestContext,
  clientId: string,
  title: string,
  bytes: Buffer,
): Promise<string> {
  const query = new URLSearchParams({ clientId, title, type: 'attachment', language: 'fi' });
  const response = await request.post(`/api/documents?${query.toString()}`, {
    data: bytes,
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test('a caseworker uploads a PDF and a PNG to a client of their unit and downloads the same bytes', async ({
  page,
}) => {
  const clientId = await clientOfUnitOf('ohjaaja');
  await loginAs(page, 'fi', 'ohjaaja');
  await page.goto(`/fi/staff/clients/${clientId}/documents`);
  const stamp = Date.now();
  const files = [
    { title: `Liite PDF ${stamp}`, name: 'liite.pdf', bytes: await textPdf(['Vuokrasopimus']) },
    { title: `Kuva PNG ${stamp}`, name: 'kuva.png', bytes: png(8, 6) },
  ];
  for (const file of files) {
    await uploadThroughPage(page, file.title, file.name, file.bytes);
    await expect(page.getByRole('status')).toHaveText(t('fi').documents.uploaded);
    const row = page.getByRole('row').filter({ hasText: file.title });
    await expect(row).toBeVisible();
    const href = await row
      .getByRole('link', { name: t('fi').documents.download.replace('{n}', '1') })
      .getAttribute('href');
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-disposition']).toContain('attachment');
    expect(Buffer.compare(await response.body(), file.bytes)).toBe(0);
  }
  const audited = await withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE client_id = $1 AND action = 'document.read'
         AND details->>'operation' = 'download'`,
      [clientId],
    );
    return (rows[0] as { n: number }).n;
  });
  expect(audited).toBeGreaterThanOrEqual(2);
});

test('a hostile file is refused with the message in the chosen language and nothing is stored', async ({
  page,
}) => {
  const clientId = await clientOfUnitOf('ohjaaja');
  await loginAs(page, 'sv', 'ohjaaja');
  await page.goto(`/sv/staff/clients/${clientId}/documents`);
  const title = `Farlig ${Date.now()}`;
  await page.getByLabel(t('sv').documents.file).setInputFiles({
    name: 'beslut.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html><body><script>alert(1)</script></body></html>'),
  });
  await page.getByLabel(t('sv').documents.docTitle).fill(title);
  await page.getByRole('button', { name: t('sv').documents.upload }).click();
  await expect(page.getByTestId('upload-message')).toHaveText(
    t('sv').documents.errors.unsupported_type,
  );
  const stored = await withDb(async (db) => {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM documents WHERE title = $1', [
      title,
    ]);
    return (rows[0] as { n: number }).n;
  });
  expect(stored).toBe(0);
});

test('a caseworker of another unit gets 403 on download', async ({ page, browser }) => {
  const clientId = await clientOfUnitOf('ohjaaja');
  await loginAs(page, 'fi', 'ohjaaja');
  const id = await uploadByApi(page.request, clientId, `Salainen ${Date.now()}`, png(4, 4));
  const other = await browser.newPage();
  await loginAs(other, 'fi', 'ohjaaja2');
  const response = await other.request.get(`/api/documents/${id}/versions/1`);
  expect(response.status()).toBe(403);
  await other.close();
});

test('an archivist finds a document by an inflected Finnish word from its text', async ({
  page,
  browser,
}) => {
  const clientId = await clientOfUnitOf('ohjaaja');
  const title = `Arkistotesti ${Date.now()}`;
  const uploader = await browser.newPage();
  await loginAs(uploader, 'fi', 'ohjaaja');
  await uploadByApi(
    uploader.request,
    clientId,
    title,
    await textPdf(['Kopio asiakkaan vuokrasopimuksen ehdoista']),
  );
  await uploader.close();

  await loginAs(page, 'fi', 'arkisto');
  await page.goto('/fi/archive');
  await page.getByLabel(t('fi').archive.text).fill('vuokrasopimukset');
  await page.getByLabel(t('fi').archive.purpose).fill('arkistotarkastus');
  await page.getByRole('button', { name: t('fi').archive.search }).click();
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
  const link = page.getByRole('link', {
    name: t('fi').archivist.downloadOf.replace('{title}', title),
  });
  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
});
