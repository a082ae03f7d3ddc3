// Closes the open print batch into one PDF for the printing service: a cover sheet with the
// batch id and the letter count, then every letter's pages in the order they were added. The
// PDF goes to the object store; the batch row keeps its key. A batch is closed at most once.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { and, asc, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { Database } from '@/db/client';
import { documentVersions } from '@/db/documents-schema';
import { printBatchItems, printBatches } from '@/db/paths-schema';
import { organisations } from '@/db/schema';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { buildLetterDocument } from '@/modules/documents/pdf';
import { fill, formatDateTime, messages } from '@/modules/i18n';

export interface ClosedPrintBatch {
  batchId: string;
  itemCount: number;
  /** Pages of the letters, without the cover sheet. */
  pageCount: number;
  storageKey: string;
  sha256: string;
  size: number;
  closedAt: Date;
  /** False when the batch had been closed before (the stored result is returned). */
  closedNow: boolean;
}

function resultOf(row: typeof printBatches.$inferSelect, closedNow: boolean): ClosedPrintBatch {
  return {
    batchId: row.id,
    itemCount: row.itemCount ?? 0,
    pageCount: row.pageCount ?? 0,
    storageKey: row.storageKey!,
    sha256: row.sha256!,
    size: row.size!,
    closedAt: row.closedAt!,
    closedNow,
  };
}

/**
 * Closes the given batch, or the open one. Returns null when there is nothing to close (no
 * open batch, or an open batch without letters, which stays open).
 */
export async function closePrintBatch(
  db: Database,
  options: { batchId?: string; closedBy: string; now?: Date },
): Promise<ClosedPrintBatch | null> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    // The row lock makes a concurrent close wait and then see the batch closed; letters being
    // added wait too, and then go into a new batch.
    const [batch] = await tx
      .select()
      .from(printBatches)
      .where(
        options.batchId ? eq(printBatches.id, options.batchId) : eq(printBatches.status, 'open'),
      )
      .for('update');
    if (!batch) return null;
    if (batch.status === 'closed') return resultOf(batch, false);

    const items = await tx
      .select({ documentId: printBatchItems.documentId, storageKey: documentVersions.storageKey })
      .from(printBatchItems)
      .innerJoin(
        documentVersions,
        and(
          eq(documentVersions.documentId, printBatchItems.documentId),
          eq(documentVersions.kind, 'original'),
          eq(documentVersions.versionNo, 1),
        ),
      )
      .where(eq(printBatchItems.batchId, batch.id))
      .orderBy(asc(printBatchItems.addedAt), asc(printBatchItems.id));
    if (!items.length) return null;

    const store = configuredObjectStore();
    const letters: PDFDocument[] = [];
    for (const item of items) {
      letters.push(await PDFDocument.load(await buffer(await store.get(item.storageKey))));
    }
    const pageCount = letters.reduce((sum, letter) => sum + letter.getPageCount(), 0);

    const [organisation] = await tx.select().from(organisations).limit(1);
    const texts = messages('fi').letters.printBatch;
    const combined = await buildLetterDocument({
      organisation: { name: organisation?.name.fi ?? '', addressLines: [] },
      locale: 'fi',
      title: texts.coverTitle,
      date: now,
      paragraphs: [
        fill(texts.batchId, { id: batch.id }),
        fill(texts.count, { count: items.length }),
        fill(texts.pages, { pages: pageCount }),
        fill(texts.closedAt, { date: formatDateTime(now, 'fi') }),
      ],
    });
    for (const letter of letters) {
      const pages = await combined.copyPages(letter, letter.getPageIndices());
      for (const page of pages) combined.addPage(page);
    }
    const bytes = await combined.save({ useObjectStreams: false });
    const stored = await store.put(Readable.from([bytes]), {
      size: bytes.byteLength,
      contentType: 'application/pdf',
    });
    const [closed] = await tx
      .update(printBatches)
      .set({
        status: 'closed',
        closedAt: now,
        closedBy: options.closedBy,
        itemCount: items.length,
        pageCount,
        storageKey: stored.key,
        sha256: stored.sha256,
        size: stored.size,
      })
      .where(and(eq(printBatches.id, batch.id), eq(printBatches.status, 'open')))
      .returning();
    return resultOf(closed!, true);
  });
}
