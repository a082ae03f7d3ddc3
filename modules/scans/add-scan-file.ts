// Adds one uploaded file (a single page or a multi-page PDF/TIFF) to a scan batch, creating the
// batch with the first accepted file. Same checks as any upload: the bytes decide the type,
// limits apply, and a refused file stores nothing. Each page becomes a queued OCR unit.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { scanBatches, scanFiles, scanPages } from '@/db/scans-schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { appendAudit } from '@/modules/audit';
import { acceptUpload } from '@/modules/documents/accept-upload';
import type { SniffLimits } from '@/modules/documents/sniff';
import { uploadLimits } from '@/modules/documents/upload-limits';
import { AppError } from '@/modules/errors';
import type { ObjectSource, ObjectStore } from '../../storage/port';
import { authorizeScanBatch, authorizeScanUnit } from './authorize-scan-batch';
import { refreshBatchStatus } from './refresh-batch-status';

export const ScanFileInput = z.object({
  batchId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  /** Shown on the batch page and used as the document title; any folder part is dropped. */
  fileName: z
    .string()
    .transform((name) => name.split(/[\\/]/).pop()!.trim())
    .pipe(z.string().min(1).max(255)),
});
export type ScanFileInput = z.input<typeof ScanFileInput>;

export interface AddedScanFile {
  batchId: string;
  fileId: string;
  pageCount: number;
}

export async function addScanFile(
  db: Database,
  store: ObjectStore,
  actor: LoadedActor,
  input: ScanFileInput,
  source: ObjectSource,
  options: { limits?: SniffLimits; spoolDirectory?: string } = {},
): Promise<AddedScanFile> {
  const parsed = ScanFileInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.message);
  const { batchId: existing, fileName } = parsed.data;
  const unitId = existing
    ? (await authorizeScanBatch(db, actor, existing, 'upload')).unitId
    : await authorizeScanUnit(db, actor, parsed.data.unitId);

  // Throws FileRejectedError before anything is stored.
  const { object, file } = await acceptUpload(source, store, {
    limits: options.limits ?? uploadLimits(),
    spoolDirectory: options.spoolDirectory,
  });

  return db.transaction(async (tx) => {
    let batchId = existing;
    if (batchId) {
      // Serialises uploads into one batch so that positions do not collide.
      await tx.execute(sql`SELECT id FROM scan_batches WHERE id = ${batchId} FOR UPDATE`);
    } else {
      const [batch] = await tx
        .insert(scanBatches)
        .values({ unitId, createdBy: actor.userId })
        .returning({ id: scanBatches.id });
      batchId = batch!.id;
    }
    const [{ next } = { next: 1 }] = await tx
      .select({ next: sql<number>`coalesce(max(${scanFiles.position}), 0) + 1`.mapWith(Number) })
      .from(scanFiles)
      .where(eq(scanFiles.batchId, batchId));
    const [row] = await tx
      .insert(scanFiles)
      .values({
        batchId,
        position: next,
        fileName,
        storageKey: object.key,
        sha256: object.sha256,
        size: object.size,
        mediaType: file.mediaType,
        pageCount: file.pageCount,
      })
      .returning({ id: scanFiles.id });
    const fileId = row!.id;
    await tx.insert(scanPages).values(
      Array.from({ length: file.pageCount }, (_, i) => ({
        batchId: batchId!,
        fileId,
        pageNumber: i + 1,
      })),
    );
    await refreshBatchStatus(tx, batchId);
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'scan.upload',
      purpose: 'scan batch',
      details: {
        resource: 'scan',
        operation: 'upload',
        batchId,
        fileId,
        unitId,
        sha256: object.sha256,
        size: object.size,
        mediaType: file.mediaType,
        pageCount: file.pageCount,
      },
    });
    return { batchId, fileId, pageCount: file.pageCount };
  });
}
