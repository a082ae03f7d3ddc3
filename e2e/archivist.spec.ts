import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { loginAs, runtimeStorageDir, t, withDb } from './helpers';

const fi = t('fi');

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

async function twoPagePdf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const line of [title, 'Toinen sivu']) {
    doc.addPage([595, 842]).drawText(line, { x: 50, y: 780, size: 14, font });
  }
  return Buffer.from(await doc.save());
}

async function expectAxeClean(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function auditCount(action: string, documentId: string, extra = ''): Promise<number> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log
        WHERE action = $1 AND details->>'documentId' = $2 ${extra}`,
      [action, documentId],
    );
    return rows[0]!.n;
  });
}

test('an archivist previews a document, puts it on legal hold with a reason, and finds it by the hold; a caseworker cannot change holds', async ({
  page,
  browser,
}) => {
  const clientId = await clientOfUnitOf('ohjaaja');
  const title = `Arkistoitava päätös ${Date.now()}`;
  const uploader = await browser.newPage();
  await loginAs(uploader, 'fi', 'ohjaaja');
  const query = new URLSearchParams({ clientId, title, type: 'decision', language: 'fi' });
  const uploaded = await uploader.request.post(`/api/documents?${query.toString()}`, {
    data: await twoPagePdf(title),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(uploaded.status()).toBe(201);
  const documentId = ((await uploaded.json()) as { id: string }).id;

  // The archivist finds it and opens the detail page from the search.
  await loginAs(page, 'fi', 'arkisto');
  await page.goto('/fi/archive');
  await page.getByLabel(fi.archive.text).fill(title);
  await page.getByLabel(fi.archive.purpose).fill('arkistotarkastus 2030');
  await page.getByRole('button', { name: fi.archive.search }).click();
  await page.getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const facts = page.getByTestId('document-facts');
  await expect(facts).toContainText(fi.archivist.sources.upload);
  await expect(facts).toContainText(fi.archivist.signature.unsigned);
  await expect(facts).toContainText(fi.archivist.holdOff);
  const sha256 = await withDb(async (db) => {
    const { rows } = await db.query<{ sha256: string }>(
      'SELECT sha256 FROM document_versions WHERE document_id = $1 AND version_no = 1',
      [documentId],
    );
    return rows[0]!.sha256;
  });
  await expect(page.getByTestId('document-versions')).toContainText(sha256);

  // pdf.js renders the first page onto a canvas, with its worker served from this origin.
  const canvas = page.getByTestId('pdf-canvas');
  await expect(canvas).toBeVisible();
  await expect(
    page.getByText(fi.archivist.previewPage.replace('{page}', '1').replace('{pages}', '2')),
  ).toBeVisible();
  // The page label appears when the page is loaded; the canvas is painted a moment later.
  const painted = () =>
    canvas.evaluate((node) => {
      const c = node as HTMLCanvasElement;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) dark++;
      return { width: c.width, dark };
    });
  await expect.poll(async () => (await painted()).dark, { timeout: 15_000 }).toBeGreaterThan(50);
  expect((await painted()).width).toBeGreaterThan(100);
  await expect
    .poll(() => auditCount('document.read', documentId, "AND details->>'operation' = 'view'"))
    .toBeGreaterThan(0);
  expect(
    await auditCount('document.read', documentId, "AND details->>'operation' = 'metadata'"),
  ).toBeGreaterThan(0);
  await expectAxeClean(page);

  // The download is audited as a download.
  const download = await page.request.get(
    (await page
      .getByRole('link', { name: fi.archivist.downloadVersion.replace('{n}', '1') })
      .getAttribute('href'))!,
  );
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toContain('attachment');
  expect(
    await auditCount('document.read', documentId, "AND details->>'operation' = 'download'"),
  ).toBeGreaterThan(0);

  // Legal hold with a reason; the server action's request is kept for the caseworker below.
  let holdAction: { url: string; headers: Record<string, string>; body: Buffer } | null = null;
  page.on('request', (request) => {
    const headers = request.headers();
    if (request.method() === 'POST' && headers['next-action'] && !holdAction) {
      holdAction = { url: request.url(), headers, body: request.postDataBuffer()! };
    }
  });
  await page.getByRole('button', { name: fi.archivist.placeHold }).click();
  // An empty reason is refused by the form itself: nothing is sent.
  await expect(page.getByTestId('legal-hold-state')).toHaveText(fi.archivist.holdOff);
  await page.getByLabel(fi.archivist.holdReason).fill('Valitus hallinto-oikeudessa');
  await page.getByRole('button', { name: fi.archivist.placeHold }).click();
  await expect(page.getByRole('status').filter({ hasText: fi.archivist.holdPlaced })).toBeVisible();
  await expect(page.getByTestId('legal-hold-state')).toHaveText(fi.archivist.holdOn);
  const history = page.getByTestId('legal-hold-history');
  await expect(history).toContainText('Valitus hallinto-oikeudessa');
  await expect(history).toContainText(fi.archivist.changeOn);
  expect(
    await auditCount(
      'document.legal_hold',
      documentId,
      "AND purpose = 'Valitus hallinto-oikeudessa'",
    ),
  ).toBe(1);
  await expect(page.getByRole('button', { name: fi.archivist.releaseHold })).toBeVisible();
  await expectAxeClean(page);

  // The hold shows in the search filter.
  await page.getByRole('link', { name: fi.archivist.backToSearch }).click();
  await page.getByLabel(fi.archive.text).fill(title);
  await page.getByLabel(fi.archivist.legalHold).selectOption('yes');
  await page.getByRole('button', { name: fi.archive.search }).click();
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('hit-legal-hold')).toHaveText(fi.archivist.holdYes);
  await page.getByLabel(fi.archivist.legalHold).selectOption('no');
  await page.getByRole('button', { name: fi.archive.search }).click();
  await expect(page.getByRole('status')).toHaveText(fi.archive.results.replace('{count}', '0'));
  await expectAxeClean(page);

  // A caseworker of the client's unit sees the page but no hold controls, and replaying the
  // archivist's request with the caseworker's session changes nothing and is audited.
  await uploader.goto(`/fi/archive/documents/${documentId}`);
  await expect(uploader.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(uploader.getByText(fi.archivist.onlyArchivists)).toBeVisible();
  await expect(uploader.getByRole('button', { name: fi.archivist.releaseHold })).toHaveCount(0);
  expect(holdAction).not.toBeNull();
  const { url, headers, body } = holdAction!;
  const replay = await uploader.request.post(url, {
    headers: {
      'next-action': headers['next-action']!,
      'content-type': headers['content-type']!,
      accept: headers['accept'] ?? 'text/x-component',
    },
    data: body,
    maxRedirects: 0,
  });
  expect(replay.status()).toBeLessThan(500);
  const state = await withDb(async (db) => {
    const { rows } = await db.query<{ legal_hold: boolean; n: number }>(
      `SELECT d.legal_hold, (SELECT count(*)::int FROM document_legal_holds h WHERE h.document_id = d.id) AS n
         FROM documents d WHERE d.id = $1`,
      [documentId],
    );
    return rows[0]!;
  });
  expect(state).toEqual({ legal_hold: true, n: 1 });
  expect(
    await auditCount('access.denied', documentId, "AND details->>'resource' = 'legal_hold'"),
  ).toBe(1);
  await uploader.close();
});

test('a corrupt stored file gives the reader a clear error and the admins an incident to acknowledge', async ({
  page,
  browser,
}) => {
  const clientId = await clientOfUnitOf('ohjaaja');
  const title = `Vioittuva liite ${Date.now()}`;
  const uploader = await browser.newPage();
  await loginAs(uploader, 'fi', 'ohjaaja');
  const query = new URLSearchParams({ clientId, title, type: 'attachment', language: 'fi' });
  const uploaded = await uploader.request.post(`/api/documents?${query.toString()}`, {
    data: await twoPagePdf(title),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(uploaded.status()).toBe(201);
  const documentId = ((await uploaded.json()) as { id: string }).id;
  await uploader.close();
  const storageKey = await withDb(async (db) => {
    const { rows } = await db.query<{ storage_key: string }>(
      'SELECT storage_key FROM document_versions WHERE document_id = $1 AND version_no = 1',
      [documentId],
    );
    return rows[0]!.storage_key;
  });
  const file = path.join(runtimeStorageDir(), storageKey);
  await chmod(file, 0o644);
  const bytes = await readFile(file);
  bytes[bytes.length >> 1]! ^= 0x01;
  await writeFile(file, bytes);

  await loginAs(page, 'sv', 'arkisto');
  await page.goto(`/sv/archive/documents/${documentId}?purpose=granskning`);
  await expect(page.getByTestId('preview-error')).toHaveText(t('sv').archivist.integrityError);
  const download = await page.request.get(
    `/api/documents/${documentId}/versions/1?purpose=granskning&locale=sv`,
  );
  expect(download.status()).toBe(500);
  expect(await download.json()).toMatchObject({
    error: 'integrity',
    message: t('sv').archivist.integrityError,
  });

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await loginAs(admin, 'fi', 'admin');
  await admin.goto('/fi/admin');
  const incident = admin
    .getByTestId('integrity-incidents')
    .getByRole('row')
    .filter({ hasText: storageKey });
  await expect(incident).toContainText(fi.archivist.problems.integrity);
  await expect(incident).toContainText(fi.archivist.openIncident);
  await expectAxeClean(admin);
  await incident.getByRole('button', { name: fi.archivist.acknowledge }).click();
  await expect(incident).toContainText(fi.archivist.acknowledged);
  const rows = await withDb(async (db) => {
    const { rows } = await db.query<{ occurrences: number; acknowledged: boolean }>(
      `SELECT occurrences, acknowledged_at IS NOT NULL AS acknowledged
         FROM integrity_incidents WHERE storage_key = $1`,
      [storageKey],
    );
    return rows;
  });
  expect(rows).toEqual([{ occurrences: 2, acknowledged: true }]);
  await adminContext.close();
});
