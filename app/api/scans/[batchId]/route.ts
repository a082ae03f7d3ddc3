// Progress of one scan batch, polled by the batch page while OCR runs: statuses and failure
// reasons per file and page, no client data.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { AppError, HTTP_STATUS } from '@/modules/errors';
import { scanBatchProgress } from '@/modules/scans/read-scan-batches';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ batchId: string }> }) {
  const { batchId } = await context.params;
  try {
    const actor = await requireArea('staff', `/api/scans/${batchId}`);
    if (!z.uuid().safeParse(batchId).success) throw new AppError('not_found', 'no such batch');
    const progress = await scanBatchProgress(getDb(), actor, batchId);
    return NextResponse.json(progress, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof AppError) {
      return NextResponse.json({ error: error.code }, { status: HTTP_STATUS[error.code] });
    }
    console.error('[scans] progress failed:', error);
    return NextResponse.json({ error: 'failed' }, { status: 500 });
  }
}
