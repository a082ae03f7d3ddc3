'use client';
// Batch upload: the chosen files are sent one by one as request bodies (XMLHttpRequest, for
// upload progress); the first accepted file creates the batch, the rest join it. A refused file
// is reported in the user's language and the others still go in.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { fill } from '@/modules/i18n';

export interface ScanUploadText {
  uploadTitle: string;
  files: string;
  upload: string;
  uploadProgress: string;
  uploading: string;
  uploadedFile: string;
  refused: string;
  openBatch: string;
  failed: string;
}

type Outcome = { ok: boolean; text: string };

function send(
  file: File,
  query: URLSearchParams,
  onProgress: (loaded: number) => void,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/scans?${query.toString()}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // Not JSON (a proxy's error page): the generic message.
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ status: 0, body: {} });
    xhr.send(file);
  });
}

export function ScanUploadForm({ locale, text }: { locale: string; text: ScanUploadText }) {
  const router = useRouter();
  const [progress, setProgress] = useState<{ percent: number; name: string } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [batchId, setBatchId] = useState<string | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('scan-files') as HTMLInputElement;
    const files = [...(input.files ?? [])];
    if (files.length === 0) return;
    const total = files.reduce((sum, f) => sum + f.size, 0) || 1;
    let sent = 0;
    let batch: string | null = null;
    const results: Outcome[] = [];
    setOutcomes([]);
    setBatchId(null);
    for (const file of files) {
      setProgress({ percent: Math.round((sent / total) * 100), name: file.name });
      const query = new URLSearchParams({ locale, fileName: file.name });
      if (batch) query.set('batchId', batch);
      const { status, body } = await send(file, query, (loaded) =>
        setProgress({ percent: Math.round(((sent + loaded) / total) * 100), name: file.name }),
      );
      sent += file.size;
      if (status === 201 && typeof body.batchId === 'string') {
        batch = body.batchId;
        results.push({
          ok: true,
          text: fill(text.uploadedFile, { name: file.name, pages: Number(body.pageCount) }),
        });
      } else {
        const message = typeof body.message === 'string' ? body.message : text.failed;
        results.push({ ok: false, text: fill(text.refused, { name: file.name, message }) });
      }
      setOutcomes([...results]);
    }
    setProgress(null);
    setBatchId(batch);
    if (batch && results.every((r) => r.ok)) router.push(`/${locale}/staff/scans/${batch}`);
    else router.refresh();
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <h2>{text.uploadTitle}</h2>
      <div>
        <label htmlFor="scan-files">{text.files}</label>
        <input
          id="scan-files"
          name="scan-files"
          type="file"
          multiple
          required
          accept=".pdf,.tif,.tiff,.jpg,.jpeg,.png,application/pdf,image/tiff,image/jpeg,image/png"
        />
      </div>
      {progress && (
        <div>
          <label htmlFor="scan-upload-progress">{text.uploadProgress}</label>
          <progress id="scan-upload-progress" max={100} value={progress.percent}>
            {progress.percent}%
          </progress>
          <p>{fill(text.uploading, { name: progress.name })}</p>
        </div>
      )}
      {outcomes.length > 0 && (
        <ul data-testid="scan-upload-results" aria-live="polite">
          {outcomes.map((o, i) => (
            <li key={i} className={o.ok ? 'notice' : 'alert'} role={o.ok ? undefined : 'alert'}>
              {o.text}
            </li>
          ))}
        </ul>
      )}
      {batchId && (
        <p>
          <a href={`/${locale}/staff/scans/${batchId}`}>{text.openBatch}</a>
        </p>
      )}
      <div>
        <button className="primary" type="submit" disabled={progress !== null}>
          {text.upload}
        </button>
      </div>
    </form>
  );
}
