'use client';
// Live progress of a scan batch: polls the progress endpoint while pages are queued or being
// recognised, shows each page's status and failure reason, and retries a failed page alone.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { fill } from '@/modules/i18n';
import type { ScanBatchProgress } from '@/modules/scans/read-scan-batches';
import { retryPageAction } from '../actions';

export interface BatchProgressText {
  progressLabel: string;
  progressSummary: string;
  fileHeading: string;
  pageColumn: string;
  statusColumn: string;
  reasonColumn: string;
  actionColumn: string;
  statuses: Record<string, string>;
  pageErrors: Record<string, string>;
  retry: string;
  retried: string;
  errors: Record<string, string>;
}

const POLL_MS = 1500;

function pending(progress: ScanBatchProgress): boolean {
  return progress.files.some(
    (file) =>
      file.status !== 'done' &&
      (file.pages.some((p) => p.status === 'queued' || p.status === 'running') ||
        file.pages.every((p) => p.status === 'done')),
  );
}

export function BatchProgress({
  initial,
  text,
}: {
  initial: ScanBatchProgress;
  text: BatchProgressText;
}) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const active = pending(progress);
  const doneFiles = progress.files.filter((f) => f.status === 'done').length;

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/scans/${initial.id}`, { cache: 'no-store' });
        if (!cancelled && response.ok) setProgress((await response.json()) as ScanBatchProgress);
      } catch {
        // A missed poll is retried by the next render's timer.
        if (!cancelled) setProgress((p) => ({ ...p }));
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [active, progress, initial.id]);

  // A finished file may bring link proposals: re-render the server part of the page.
  useEffect(() => {
    if (doneFiles > initial.files.filter((f) => f.status === 'done').length) router.refresh();
  }, [doneFiles, initial.files, router]);

  async function retry(pageId: string) {
    const result = await retryPageAction(initial.id, pageId);
    if (!result.ok) {
      setMessage({ ok: false, text: text.errors[result.error] ?? text.errors.failed! });
      return;
    }
    setMessage({ ok: true, text: text.retried });
    setProgress((p) => ({
      ...p,
      files: p.files.map((f) => ({
        ...f,
        pages: f.pages.map((page) =>
          page.id === pageId
            ? { ...page, status: 'queued', attempts: 0, errorCode: null, error: null }
            : page,
        ),
      })),
    }));
  }

  const pages = progress.files.flatMap((f) => f.pages);
  const done = pages.filter((p) => p.status === 'done').length;
  const failed = pages.filter((p) => p.status === 'failed').length;
  return (
    <section aria-labelledby="scan-progress-heading">
      <h2 id="scan-progress-heading">{text.progressLabel}</h2>
      <progress
        aria-labelledby="scan-progress-heading"
        max={Math.max(1, pages.length)}
        value={done}
      >
        {done}/{pages.length}
      </progress>
      <p role="status" data-testid="scan-progress-summary">
        {fill(text.progressSummary, { done, total: pages.length, failed })}
      </p>
      {message && (
        <p className={message.ok ? 'notice' : 'alert'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {progress.files.map((file) => (
        <div key={file.id}>
          <h3 id={`scan-file-${file.id}`}>
            {fill(text.fileHeading, { n: file.position, name: file.fileName })} —{' '}
            {text.statuses[file.status === 'done' ? 'done' : failedOrRunning(file)]}
          </h3>
          <table
            aria-labelledby={`scan-file-${file.id}`}
            data-testid={`scan-file-${file.position}`}
          >
            <thead>
              <tr>
                <th scope="col">{text.pageColumn}</th>
                <th scope="col">{text.statusColumn}</th>
                <th scope="col">{text.reasonColumn}</th>
                <th scope="col">{text.actionColumn}</th>
              </tr>
            </thead>
            <tbody>
              {file.pages.map((page) => (
                <tr key={page.id}>
                  <td>{page.pageNumber}</td>
                  <td>{text.statuses[page.status]}</td>
                  <td>
                    {page.errorCode
                      ? `${text.pageErrors[page.errorCode] ?? page.errorCode}${page.error ? ` (${page.error})` : ''}`
                      : ''}
                  </td>
                  <td>
                    {page.status === 'failed' && (
                      <button
                        type="button"
                        aria-describedby={`scan-file-${file.id}`}
                        onClick={() => void retry(page.id)}
                      >
                        {fill(text.retry, { n: page.pageNumber })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

function failedOrRunning(file: ScanBatchProgress['files'][number]): string {
  if (file.pages.some((p) => p.status === 'queued' || p.status === 'running')) {
    return file.pages.some((p) => p.status !== 'queued') ? 'running' : 'queued';
  }
  return file.pages.some((p) => p.status === 'failed') ? 'failed' : 'running';
}
