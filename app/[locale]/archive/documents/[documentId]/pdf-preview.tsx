'use client';
// In-browser preview of a PDF version with pdf.js (worker served locally from /pdfjs). The bytes
// are fetched first so that a refusal or a corrupt file shows the server's message.
import { useEffect, useRef, useState } from 'react';

export interface PdfPreviewText {
  loading: string;
  failed: string;
  page: string;
  previous: string;
  next: string;
  label: string;
}

type PdfDocument = Awaited<ReturnType<typeof import('pdfjs-dist').getDocument>['promise']>;

export function PdfPreview({ src, text }: { src: string; text: PdfPreviewText }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pdf, setPdf] = useState<PdfDocument | null>(null);
  const [pageNo, setPageNo] = useState(1);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let loaded: PdfDocument | null = null;
    (async () => {
      const response = await fetch(src, { credentials: 'same-origin' });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        throw new Error(response.status === 500 && body?.message ? body.message : text.failed);
      }
      const data = new Uint8Array(await response.arrayBuffer());
      const pdfjs = await import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/pdf.worker.min.mjs';
      loaded = await pdfjs.getDocument({ data, isEvalSupported: false }).promise;
      if (!cancelled) setPdf(loaded);
    })().catch((failure: unknown) => {
      if (!cancelled) setError(failure instanceof Error ? failure.message : text.failed);
    });
    return () => {
      cancelled = true;
      void loaded?.destroy();
    };
  }, [src, text.failed]);

  useEffect(() => {
    if (!pdf || !canvas.current) return;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    void (async () => {
      const page = await pdf.getPage(pageNo);
      const viewport = page.getViewport({ scale: 1.25 });
      const target = canvas.current;
      if (!target) return;
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      task = page.render({ canvas: target, viewport });
      await task.promise.catch(() => undefined);
    })();
    return () => task?.cancel();
  }, [pdf, pageNo]);

  if (error) {
    return (
      <p className="alert" role="alert" data-testid="preview-error">
        {error}
      </p>
    );
  }
  if (!pdf) return <p role="status">{text.loading}</p>;
  return (
    <figure className="pdf-preview">
      <canvas ref={canvas} role="img" aria-label={text.label} data-testid="pdf-canvas" />
      <figcaption className="pager">
        <button
          type="button"
          className="secondary"
          disabled={pageNo <= 1}
          onClick={() => setPageNo((n) => n - 1)}
        >
          {text.previous}
        </button>
        <span>
          {text.page.replace('{page}', String(pageNo)).replace('{pages}', String(pdf.numPages))}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={pageNo >= pdf.numPages}
          onClick={() => setPageNo((n) => n + 1)}
        >
          {text.next}
        </button>
      </figcaption>
    </figure>
  );
}
