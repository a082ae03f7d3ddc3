import { NextResponse } from 'next/server';
import { getDb, getPool } from '@/db/client';
import { checkHealth } from '@/modules/health/check-health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const report = await checkHealth(getDb(), getPool());
  return NextResponse.json(report, {
    status: report.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
