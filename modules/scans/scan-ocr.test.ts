import { buffer } from 'node:stream/consumers';
import { and, eq, sql } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentVersions, documents } from '@/db/documents-schema';
import { scanFiles, scanLinkProposals } from '@/db/scans-schema';
import { auditLog, clients } from '@/db/schema';
import { createOcrPool, type OcrPool } from '@/modules/documents/ocr/ocr-pool';
import { renderTextPage, renderTextTiff } from '@/modules/documents/ocr/test-page';
import { tiffPageCount } from '@/modules/documents/ocr/tiff-pages';
import { flatten, pdftotext } from '@/modules/documents/pdf/test-helpers';
import { sniffBytes } from '@/modules/documents/sniff';
import { createDocumentsFixture, type DocumentsFixture } from '@/modules/documents/test-fixtures';
import { addScanFile } from './add-scan-file';
import { decideLinkProposal } from './decide-link-proposal';
import { finishScanFile, unfinishedScanFiles } from './finish-scan-file';
import { processNextScanPage, type ScanQueueDeps } from './process-next-scan-page';
import { DEFAULT_SCAN_QUEUE_SETTINGS } from './queue-settings';
import { getScanBatch } from './read-scan-batches';

let fx: DocumentsFixture;
let pool: OcrPool;
let deps: ScanQueueDeps;

beforeAll(async () => {
  fx = await createDocumentsFixture();
  pool = await createOcrPool({ workers: 2 });
  deps = {
    db: fx.test.db,
    store: fx.store,
    pool,
    workerId: 'test-worker',
    settings: { ...DEFAULT_SCAN_QUEUE_SETTINGS, backoffMs: 1 },
  };
}, 120_000);
afterAll(async () => {
  await pool?.terminate();
  await fx?.close();
});

async function drain(): Promise<void> {
  // Two loops, as the worker process runs one per OCR worker.
  const loop = async () => {
    while (await processNextScanPage(deps));
  };
  await Promise.all([loop(), loop()]);
}

async function imagePdf(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const lines of pages) {
    const image = await doc.embedPng(renderTextPage(lines));
    const page = doc.addPage([(image.width * 72) / 300, (image.height * 72) / 300]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await doc.save());
}

async function textOf(key: string): Promise<string> {
  const bytes = new Uint8Array(await buffer(await fx.store.get(key)));
  return flatten(await pdftotext(bytes));
}

describe('OCR of scan batches in the queue', () => {
  it('a generated two-page TIFF decodes with utif2 and passes the upload check as two pages', async () => {
    const tiff = renderTextTiff([['Sivu yksi'], ['Sida två']]);
    expect(tiffPageCount(tiff)).toBe(2);
    expect(await sniffBytes(tiff)).toMatchObject({ mediaType: 'image/tiff', pageCount: 2 });
  });

  it('a multi-page TIFF and an image-only PDF are recognised page by page into searchable PDFs; a client’s valid identity code becomes a proposal that, once confirmed, makes a findable document', async () => {
    const actor = await fx.actor('ohjaaja');
    // A client of the caseworker's unit with the common century sign '-': tesseract reads the
    // newer signs (U, V, ...) between digits as digits now and then (see the report).
    const units = (await fx.actor('ohjaaja')).unitIds;
    const [client] = await fx.test.db
      .select()
      .from(clients)
      .where(
        and(
          eq(clients.responsibleUnitId, units[0]!),
          sql`substr(${clients.identityCode}, 7, 1) = '-'`,
        ),
      )
      .limit(1);
    const clientId = client!.id;
    const code = client!.identityCode;

    const tiff = renderTextTiff([
      ['Hakemus täydentävästä toimeentulotuesta', `Hakija: henkilötunnus ${code}`],
      ['Liitteenä vuokrasopimus ja kuitti', 'Tarkistussana Kalliosaarnio'],
    ]);
    const { batchId, fileId: tiffId } = await addScanFile(
      fx.test.db,
      fx.store,
      actor,
      { fileName: 'hakemus.tif' },
      [tiff],
    );
    const { fileId: pdfId } = await addScanFile(
      fx.test.db,
      fx.store,
      actor,
      { batchId, fileName: 'ansokan.pdf' },
      [
        await imagePdf([
          ['Ansökan om utkomststöd', 'Personbeteckning 131052-308U är fel'],
          ['Bilagor: kontoutdrag och hyresavtal'],
        ]),
      ],
    );

    await drain();

    const files = await fx.test.db.select().from(scanFiles).where(eq(scanFiles.batchId, batchId));
    expect(files.map((f) => [f.fileName, f.status])).toEqual(
      expect.arrayContaining([
        ['hakemus.tif', 'done'],
        ['ansokan.pdf', 'done'],
      ]),
    );
    const tiffFile = files.find((f) => f.id === tiffId)!;
    const pdfFile = files.find((f) => f.id === pdfId)!;
    expect(tiffFile.text!.split('\f')).toHaveLength(2);
    const tiffText = await textOf(tiffFile.searchableKey!);
    expect(tiffText).toContain('Kalliosaarnio');
    expect(tiffText).toContain(code);
    const searchable = new Uint8Array(await buffer(await fx.store.get(tiffFile.searchableKey!)));
    expect(await sniffBytes(searchable)).toEqual({ mediaType: 'application/pdf', pageCount: 2 });
    expect(await textOf(pdfFile.searchableKey!)).toContain('Ansökan om utkomststöd');

    // Only the valid code of a client is proposed; the PDF's code has a wrong check character.
    const detail = await getScanBatch(fx.test.db, actor, batchId);
    expect(detail.status).toBe('done');
    expect(detail.proposals).toEqual([
      expect.objectContaining({ fileId: tiffId, clientId, identityCode: code, mayLink: true }),
    ]);

    // Someone of another unit cannot confirm it.
    const stranger = await fx.actor('ohjaaja2');
    await expect(
      decideLinkProposal(fx.test.db, fx.store, stranger, detail.proposals[0]!.id, {
        decision: 'confirm',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    const { documentId } = await decideLinkProposal(
      fx.test.db,
      fx.store,
      actor,
      detail.proposals[0]!.id,
      { decision: 'confirm', type: 'application', language: 'fi' },
    );
    const [document] = await fx.test.db
      .select()
      .from(documents)
      .where(eq(documents.id, documentId!));
    expect(document).toMatchObject({ clientId, sourceChannel: 'scan', title: 'hakemus.tif' });
    const versions = await fx.test.db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId!))
      .orderBy(documentVersions.versionNo);
    expect(versions.map((v) => [v.kind, v.mediaType])).toEqual([
      ['original', 'image/tiff'],
      ['searchable_pdf', 'application/pdf'],
      ['extracted_text', 'text/plain; charset=utf-8'],
    ]);
    // The OCR text is in the search vectors: a word that appears only on the scan finds it.
    const found = await fx.test.db
      .select({ id: documents.id })
      .from(documents)
      .where(sql`${documents.searchFi} @@ websearch_to_tsquery('finnish', 'kalliosaarnio')`);
    expect(found.map((d) => d.id)).toContain(documentId);
    const [audit] = await fx.test.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document.create'), eq(auditLog.clientId, clientId)))
      .orderBy(sql`${auditLog.seq} DESC`)
      .limit(1);
    expect(audit?.details).toMatchObject({ operation: 'scan_link', documentId });

    // A decided proposal cannot be decided again.
    await expect(
      decideLinkProposal(fx.test.db, fx.store, actor, detail.proposals[0]!.id, {
        decision: 'reject',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const [proposal] = await fx.test.db
      .select()
      .from(scanLinkProposals)
      .where(eq(scanLinkProposals.id, detail.proposals[0]!.id));
    expect(proposal).toMatchObject({ status: 'confirmed', documentId });

    // A worker that died between the last page and the PDF: the sweep finishes the file.
    await fx.test.db
      .update(scanFiles)
      .set({ status: 'queued', searchableKey: null, text: null })
      .where(eq(scanFiles.id, pdfId));
    expect(await unfinishedScanFiles(fx.test.db)).toEqual([pdfId]);
    expect(await finishScanFile(fx.test.db, fx.store, pdfId)).toBe(true);
    expect(await finishScanFile(fx.test.db, fx.store, pdfId)).toBe(false);
    const [swept] = await fx.test.db.select().from(scanFiles).where(eq(scanFiles.id, pdfId));
    expect(swept?.status).toBe('done');
    expect(await textOf(swept!.searchableKey!)).toContain('Bilagor');
  }, 180_000);
});
