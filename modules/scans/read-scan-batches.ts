// The batch list, a batch's progress (polled while OCR runs; statuses only, no client data)
// and a batch's detail with link proposals (client data: audited).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { scanBatches, scanFiles, scanLinkProposals, scanPages } from '@/db/scans-schema';
import { clients, users } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { decideClientAccess } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { maskIdentityCode } from '@/modules/clients/identity-code';
import { authorizeScanBatch, handlesScans } from './authorize-scan-batch';

export interface ScanBatchSummary {
  id: string;
  status: string;
  createdAt: Date;
  createdBy: string | null;
  files: number;
  pages: number;
  pagesDone: number;
  pagesFailed: number;
}

export async function listScanBatches(
  db: Database,
  actor: LoadedActor,
): Promise<ScanBatchSummary[]> {
  if (!handlesScans(actor) || actor.unitIds.length === 0) return [];
  return db
    .select({
      id: scanBatches.id,
      status: scanBatches.status,
      createdAt: scanBatches.createdAt,
      createdBy: users.displayName,
      files:
        sql<number>`(SELECT count(*) FROM scan_files f WHERE f.batch_id = ${scanBatches.id})`.mapWith(
          Number,
        ),
      pages:
        sql<number>`(SELECT count(*) FROM scan_pages p WHERE p.batch_id = ${scanBatches.id})`.mapWith(
          Number,
        ),
      pagesDone:
        sql<number>`(SELECT count(*) FROM scan_pages p WHERE p.batch_id = ${scanBatches.id} AND p.status = 'done')`.mapWith(
          Number,
        ),
      pagesFailed:
        sql<number>`(SELECT count(*) FROM scan_pages p WHERE p.batch_id = ${scanBatches.id} AND p.status = 'failed')`.mapWith(
          Number,
        ),
    })
    .from(scanBatches)
    .leftJoin(users, eq(users.id, scanBatches.createdBy))
    .where(inArray(scanBatches.unitId, [...actor.unitIds]))
    .orderBy(desc(scanBatches.createdAt))
    .limit(100);
}

export interface ScanPageProgress {
  id: string;
  pageNumber: number;
  status: string;
  attempts: number;
  errorCode: string | null;
  error: string | null;
}

export interface ScanFileProgress {
  id: string;
  position: number;
  fileName: string;
  mediaType: string;
  pageCount: number;
  status: string;
  pages: ScanPageProgress[];
}

export interface ScanBatchProgress {
  id: string;
  status: string;
  files: ScanFileProgress[];
}

async function progressOf(db: Database, batchId: string, status: string) {
  const files = await db
    .select()
    .from(scanFiles)
    .where(eq(scanFiles.batchId, batchId))
    .orderBy(asc(scanFiles.position));
  const pages = await db
    .select({
      id: scanPages.id,
      fileId: scanPages.fileId,
      pageNumber: scanPages.pageNumber,
      status: scanPages.status,
      attempts: scanPages.attempts,
      errorCode: scanPages.errorCode,
      error: scanPages.error,
    })
    .from(scanPages)
    .where(eq(scanPages.batchId, batchId))
    .orderBy(asc(scanPages.pageNumber));
  return {
    id: batchId,
    status,
    files: files.map((file) => ({
      id: file.id,
      position: file.position,
      fileName: file.fileName,
      mediaType: file.mediaType,
      pageCount: file.pageCount,
      status: file.status,
      pages: pages
        .filter((page) => page.fileId === file.id)
        .map(({ fileId: _fileId, ...page }) => page),
    })),
  };
}

export async function scanBatchProgress(
  db: Database,
  actor: LoadedActor,
  batchId: string,
): Promise<ScanBatchProgress> {
  const batch = await authorizeScanBatch(db, actor, batchId, 'progress');
  return progressOf(db, batch.id, batch.status);
}

export interface LinkProposalView {
  id: string;
  fileId: string;
  status: string;
  /** Masked unless the actor may open the client. */
  identityCode: string;
  clientId: string | null;
  clientName: string | null;
  /** False for a client of another unit: only that unit's staff can link it. */
  mayLink: boolean;
  documentId: string | null;
}

export interface ScanBatchDetail extends ScanBatchProgress {
  createdAt: Date;
  proposals: LinkProposalView[];
}

export async function getScanBatch(
  db: Database,
  actor: LoadedActor,
  batchId: string,
): Promise<ScanBatchDetail> {
  const batch = await authorizeScanBatch(db, actor, batchId, 'read');
  const progress = await progressOf(db, batch.id, batch.status);
  const rows = await db
    .select({
      proposal: scanLinkProposals,
      client: {
        id: clients.id,
        firstNames: clients.firstNames,
        lastName: clients.lastName,
        responsibleUnitId: clients.responsibleUnitId,
        householdId: clients.householdId,
      },
    })
    .from(scanLinkProposals)
    .innerJoin(scanFiles, eq(scanFiles.id, scanLinkProposals.fileId))
    .innerJoin(clients, eq(clients.id, scanLinkProposals.clientId))
    .where(and(eq(scanFiles.batchId, batch.id)))
    .orderBy(asc(scanFiles.position), asc(scanLinkProposals.createdAt));
  const proposals = rows.map(({ proposal, client }): LinkProposalView => {
    const allowed = decideClientAccess(actor, client).allowed;
    return {
      id: proposal.id,
      fileId: proposal.fileId,
      status: proposal.status,
      identityCode: allowed ? proposal.identityCode : maskIdentityCode(proposal.identityCode),
      clientId: allowed ? client.id : null,
      clientName: allowed ? `${client.firstNames} ${client.lastName}` : null,
      mayLink: allowed,
      documentId: proposal.documentId,
    };
  });
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'scan.read',
    purpose: 'scan batch',
    details: {
      resource: 'scan',
      operation: 'read',
      batchId: batch.id,
      clientIds: proposals.flatMap((p) => (p.clientId ? [p.clientId] : [])),
    },
  });
  return { ...progress, createdAt: batch.createdAt, proposals };
}
