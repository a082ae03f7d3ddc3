import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requirePageArea } from '@/modules/auth/session';
import { openOwnReceipt, type OwnReceipt } from '@/modules/citizen/apply/open-own-receipt';
import { AppError } from '@/modules/errors';
import { fill, formatDate } from '@/modules/i18n';
import { pageLocale } from '@/modules/i18n/server';
import { RefreshUntil } from './refresh-until';

export const dynamic = 'force-dynamic';

export default async function ReceiptPage({
  params,
}: {
  params: Promise<{ locale: string; caseId: string }>;
}) {
  const { locale, t } = await pageLocale(params);
  const { caseId } = await params;
  const actor = await requirePageArea(
    'citizen',
    locale,
    `/${locale}/citizen/apply/receipt/${caseId}`,
  );
  let receipt: OwnReceipt;
  try {
    receipt = await openOwnReceipt(getDb(), actor, caseId);
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
  const r = t.apply.receipt;
  return (
    <>
      <h1>{r.title}</h1>
      <p className="notice" role="status">
        {fill(r.received, { date: formatDate(receipt.receivedOn, locale) })}
      </p>
      <dl className="facts">
        <dt>{r.caseNumber}</dt>
        <dd data-testid="receipt-case-number">{receipt.caseNumber ?? r.pending}</dd>
      </dl>
      <p>
        {receipt.copyDocumentId ? (
          <a href={`/api/documents/${receipt.copyDocumentId}/versions/1?locale=${locale}`} download>
            {r.download}
          </a>
        ) : (
          r.copyPending
        )}
      </p>
      <p>{r.next}</p>
      <p>
        <a href={`/${locale}/citizen/cases/${receipt.caseId}`}>{r.toCases}</a>
      </p>
      {(!receipt.caseNumber || !receipt.copyDocumentId) && <RefreshUntil />}
    </>
  );
}
