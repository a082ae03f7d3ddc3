// Completes a scanned file once every page is recognised: the searchable PDF (the scan with
// the pages' text layers) is stored, the text kept, and identity codes with a valid check
// character that belong to clients become link proposals. Idempotent: safe after a crash.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { buffer } from 'node:stream/consumers';
import type { Database } from '@/db/client';
import { scanFiles, scanLinkProposals, scanPages } from '@/db/scans-schema';
import { clients } from '@/db/schema';
import { findIdentityCodes } from '@/modules/clients/identity-code';
import { assembleSearchablePdf, isScanMediaType } from '@/modules/documents/ocr/ocr-scan-page';
import type { ObjectStore } from '../../storage/port';
import { refreshBatchStatus } from './refresh-batch-status';

async function readAll(store: ObjectStore, key: string): Promise<Uint8Array> {
  return new Uint8Array(await buffer(await store.get(key)));
}

/** Returns true when this call completed the file. */
export async function finishScanFile(
  db: Database,
  store: ObjectStore,
  fileId: string,
  dpi = 300,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: another worker finishing the same file right now is enough.
    const locked = await tx.execute<{ id: string }>(sql`
      SELECT id FROM scan_files WHERE id = ${fileId} AND status <> 'done'
      FOR UPDATE SKIP LOCKED`);
    if (locked.rows.length === 0) return false;
    const [file] = await tx.select().from(scanFiles).where(eq(scanFiles.id, fileId));
    const pages = await tx
      .select()
      .from(scanPages)
      .where(eq(scanPages.fileId, fileId))
      .orderBy(asc(scanPages.pageNumber));
    if (!file || !isScanMediaType(file.mediaType)) return false;
    if (pages.length !== file.pageCount || pages.some((p) => p.status !== 'done')) return false;

    const source = await readAll(store, file.storageKey);
    const layers = await Promise.all(pages.map((page) => readAll(store, page.textLayerKey!)));
    const pdf = await assembleSearchablePdf(source, file.mediaType, layers, dpi);
    const searchable = await store.put([pdf], { size: pdf.length, contentType: 'application/pdf' });
    const text = pages.map((page) => page.text ?? '').join('\f');

    await tx
      .update(scanFiles)
      .set({
        status: 'done',
        text,
        searchableKey: searchable.key,
        searchableSha256: searchable.sha256,
        searchableSize: searchable.size,
        completedAt: new Date(),
      })
      .where(eq(scanFiles.id, fileId));

    const codes = findIdentityCodes(text);
    if (codes.length > 0) {
      const matches = await tx
        .select({ id: clients.id, identityCode: clients.identityCode })
        .from(clients)
        .where(inArray(clients.identityCode, codes));
      if (matches.length > 0) {
        await tx
          .insert(scanLinkProposals)
          .values(matches.map((m) => ({ fileId, clientId: m.id, identityCode: m.identityCode })))
          .onConflictDoNothing();
      }
    }
    await refreshBatchStatus(tx, file.batchId);
    return true;
  });
}

/** Files whose pages are all done but whose finishing was interrupted (a crash). */
export async function unfinishedScanFiles(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: scanFiles.id })
    .from(scanFiles)
    .where(
      and(
        sql`${scanFiles.status} <> 'done'`,
        sql`NOT EXISTS (SELECT 1 FROM scan_pages p WHERE p.file_id = ${scanFiles.id}
                        AND p.status <> 'done')`,
      ),
    )
    .limit(100);
  return rows.map((row) => row.id);
}
