// One unit of work of the OCR queue: claim a page, recognise it, keep its text layer, and
// finish the file when it was the last page.
import { eq } from 'drizzle-orm';
import { buffer } from 'node:stream/consumers';
import type { Database } from '@/db/client';
import { scanFiles } from '@/db/scans-schema';
import type { OcrPool } from '@/modules/documents/ocr/ocr-pool';
import { isScanMediaType, ocrScanPage } from '@/modules/documents/ocr/ocr-scan-page';
import type { ObjectStore } from '../../storage/port';
import { claimScanPage, type ClaimedPage } from './claim-scan-page';
import { finishScanFile } from './finish-scan-file';
import type { ScanQueueSettings } from './queue-settings';
import { completeScanPage, failScanPage, type PageErrorCode } from './settle-scan-page';

export interface ScanQueueDeps {
  db: Database;
  store: ObjectStore;
  pool: OcrPool;
  workerId: string;
  settings: ScanQueueSettings;
}

class PageFailure extends Error {
  constructor(
    readonly code: PageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function recognise(deps: ScanQueueDeps, page: ClaimedPage) {
  const [file] = await deps.db.select().from(scanFiles).where(eq(scanFiles.id, page.fileId));
  if (!file || !isScanMediaType(file.mediaType)) {
    throw new PageFailure('source_unreadable', 'the scanned file is missing');
  }
  let bytes: Uint8Array;
  try {
    // A full read: the store verifies the SHA-256 before OCR sees the bytes.
    bytes = new Uint8Array(await buffer(await deps.store.get(file.storageKey)));
  } catch (error) {
    throw new PageFailure('source_unreadable', messageOf(error));
  }
  try {
    const ocr = await ocrScanPage(
      bytes,
      file.mediaType,
      page.pageNumber,
      deps.pool,
      deps.settings.dpi,
    );
    const layer = await deps.store.put([ocr.textLayerPdf], {
      size: ocr.textLayerPdf.length,
      contentType: 'application/pdf',
    });
    return { text: ocr.text, confidence: ocr.confidence, textLayerKey: layer.key };
  } catch (error) {
    throw new PageFailure('ocr_failed', messageOf(error));
  }
}

/** Returns false when there was nothing to do. */
export async function processNextScanPage(deps: ScanQueueDeps): Promise<boolean> {
  const page = await claimScanPage(deps.db, deps.workerId, deps.settings);
  if (!page) return false;
  let result;
  try {
    result = await recognise(deps, page);
  } catch (error) {
    const failure =
      error instanceof PageFailure
        ? { code: error.code, message: error.message }
        : { code: 'ocr_failed' as const, message: messageOf(error) };
    await failScanPage(deps.db, page, deps.workerId, failure, deps.settings);
    return true;
  }
  if (await completeScanPage(deps.db, page, deps.workerId, result)) {
    await finishScanFile(deps.db, deps.store, page.fileId, deps.settings.dpi);
  }
  return true;
}
