import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanPages } from '@/db/scans-schema';
import { auditLog } from '@/db/schema';
import { pdf } from '@/modules/documents/test-files';
import { createDocumentsFixture, type DocumentsFixture } from '@/modules/documents/test-fixtures';
import { FileRejectedError } from '@/modules/documents/sniff';
import { AppError } from '@/modules/errors';
import { addScanFile } from './add-scan-file';
import { claimScanPage } from './claim-scan-page';
import { scanBatchProgress } from './read-scan-batches';
import { retryScanPage } from './retry-scan-page';
import { completeScanPage, failScanPage } from './settle-scan-page';

let fx: DocumentsFixture;
beforeAll(async () => {
  fx = await createDocumentsFixture();
});
afterAll(async () => fx?.close());

const settings = { maxAttempts: 2, leaseMs: 200, backoffMs: 1 };

async function pagesOf(batchId: string) {
  return fx.test.db
    .select()
    .from(scanPages)
    .where(eq(scanPages.batchId, batchId))
    .orderBy(scanPages.pageNumber);
}

/** Drains earlier tests' pages so that claims in a test see only its own batch. */
async function claimFrom(batchId: string, worker: string) {
  for (;;) {
    const page = await claimScanPage(fx.test.db, worker, settings);
    if (!page || page.batchId === batchId) return page;
    await completeScanPage(fx.test.db, page, worker, {
      text: '',
      confidence: 0,
      textLayerKey: 'x',
    });
  }
}

describe('scan page queue', () => {
  it('a two-page PDF becomes one batch with two queued pages; a refused file stores nothing', async () => {
    const actor = await fx.actor('ohjaaja');
    const added = await addScanFile(
      fx.test.db,
      fx.store,
      actor,
      { fileName: 'C:\\skannit\\a.pdf' },
      [await pdf(undefined, 2)],
    );
    expect(added.pageCount).toBe(2);
    const pages = await pagesOf(added.batchId);
    expect(pages.map((p) => [p.pageNumber, p.status, p.attempts])).toEqual([
      [1, 'queued', 0],
      [2, 'queued', 0],
    ]);
    const progress = await scanBatchProgress(fx.test.db, actor, added.batchId);
    expect(progress.files.map((f) => f.fileName)).toEqual(['a.pdf']);

    const before = await fx.test.db.$count(scanPages);
    const refused = await addScanFile(
      fx.test.db,
      fx.store,
      actor,
      { batchId: added.batchId, fileName: 'x.pdf' },
      [Buffer.from('<html>not a scan</html>')],
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FileRejectedError);
    expect(await fx.test.db.$count(scanPages)).toBe(before);
  });

  it('claims skip locked pages, a dead worker’s page is claimed again when its lease ends, and its late result is discarded', async () => {
    const actor = await fx.actor('ohjaaja');
    const { batchId } = await addScanFile(fx.test.db, fx.store, actor, { fileName: 'b.pdf' }, [
      await pdf(undefined, 2),
    ]);
    const [a, b] = await Promise.all([
      claimFrom(batchId, 'worker-a'),
      claimFrom(batchId, 'worker-b'),
    ]);
    expect(new Set([a!.pageNumber, b!.pageNumber])).toEqual(new Set([1, 2]));
    expect(await claimFrom(batchId, 'worker-c')).toBeNull();

    // worker-a "crashes": after the lease, worker-c takes the page over as a second attempt.
    await sleep(settings.leaseMs + 50);
    await completeScanPage(fx.test.db, b!, 'worker-b', {
      text: 'valmis',
      confidence: 90,
      textLayerKey: 'layer-b',
    });
    const taken = await claimFrom(batchId, 'worker-c');
    expect(taken).toMatchObject({ id: a!.id, attempts: 2 });
    expect(
      await completeScanPage(fx.test.db, a!, 'worker-a', {
        text: 'late',
        confidence: 1,
        textLayerKey: 'late',
      }),
    ).toBe(false);
    expect(
      await completeScanPage(fx.test.db, taken!, 'worker-c', {
        text: 'uusi',
        confidence: 95,
        textLayerKey: 'layer-c',
      }),
    ).toBe(true);
    const pages = await pagesOf(batchId);
    expect(pages.map((p) => [p.status, p.text])).toEqual(
      a!.pageNumber === 1
        ? [
            ['done', 'uusi'],
            ['done', 'valmis'],
          ]
        : [
            ['done', 'valmis'],
            ['done', 'uusi'],
          ],
    );
  });

  it('a failing page is retried with back-off until its attempts run out, then a person retries only that page', async () => {
    const actor = await fx.actor('ohjaaja');
    const { batchId } = await addScanFile(fx.test.db, fx.store, actor, { fileName: 'c.pdf' }, [
      await pdf(undefined, 2),
    ]);
    const failure = { code: 'ocr_failed' as const, message: 'unreadable' };
    const first = await claimFrom(batchId, 'w');
    expect(
      await failScanPage(fx.test.db, first!, 'w', failure, { ...settings, backoffMs: 60_000 }),
    ).toBe('retry');
    // Backing off: the other page comes first, the failed one is not claimable yet.
    const second = await claimFrom(batchId, 'w');
    expect(second!.id).not.toBe(first!.id);
    await completeScanPage(fx.test.db, second!, 'w', {
      text: 't',
      confidence: 1,
      textLayerKey: 'k',
    });
    expect(await claimFrom(batchId, 'w')).toBeNull();
    await fx.test.db
      .update(scanPages)
      .set({ runAfter: new Date(0) })
      .where(eq(scanPages.id, first!.id));
    const again = await claimFrom(batchId, 'w');
    expect(again).toMatchObject({ id: first!.id, attempts: 2 });
    expect(await failScanPage(fx.test.db, again!, 'w', failure, settings)).toBe('failed');

    let progress = await scanBatchProgress(fx.test.db, actor, batchId);
    expect(progress.status).toBe('failed');
    const failed = progress.files[0]!.pages.find((p) => p.status === 'failed');
    expect(failed).toMatchObject({ errorCode: 'ocr_failed', error: 'unreadable' });

    // Someone from another unit may not retry it (and is audited).
    const stranger = await fx.actor('ohjaaja2');
    await expect(retryScanPage(fx.test.db, stranger, failed!.id)).rejects.toBeInstanceOf(AppError);
    await retryScanPage(fx.test.db, actor, failed!.id);
    progress = await scanBatchProgress(fx.test.db, actor, batchId);
    expect(progress.files[0]!.pages.map((p) => p.status).sort()).toEqual(['done', 'queued']);
    const retried = await claimFrom(batchId, 'w');
    expect(retried).toMatchObject({ id: failed!.id, attempts: 1 });
    const audits = await fx.test.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'scan.retry'));
    expect(audits.at(-1)?.details).toMatchObject({ batchId, pageId: failed!.id });
  });

  it('a page whose worker dies on its last attempt is reported as failed, not redone forever', async () => {
    const actor = await fx.actor('ohjaaja');
    const { batchId } = await addScanFile(fx.test.db, fx.store, actor, { fileName: 'd.pdf' }, [
      await pdf(),
    ]);
    await claimFrom(batchId, 'w1');
    await sleep(settings.leaseMs + 50);
    expect(await claimFrom(batchId, 'w2')).toMatchObject({ attempts: 2 });
    await sleep(settings.leaseMs + 50);
    expect(await claimFrom(batchId, 'w3')).toBeNull();
    const [page] = await pagesOf(batchId);
    expect(page).toMatchObject({ status: 'failed', errorCode: 'worker_stopped' });
  });

  it('staff of another unit cannot see or add to the batch', async () => {
    const actor = await fx.actor('ohjaaja');
    const { batchId } = await addScanFile(fx.test.db, fx.store, actor, { fileName: 'e.pdf' }, [
      await pdf(),
    ]);
    const stranger = await fx.actor('ohjaaja2');
    await expect(scanBatchProgress(fx.test.db, stranger, batchId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      addScanFile(fx.test.db, fx.store, stranger, { batchId, fileName: 'f.pdf' }, [await pdf()]),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const archivist = await fx.actor('arkisto');
    await expect(
      addScanFile(fx.test.db, fx.store, archivist, { fileName: 'g.pdf' }, [await pdf()]),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
