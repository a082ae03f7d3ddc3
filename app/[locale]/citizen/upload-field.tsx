'use client';
// A citizen's file upload for any e-service form: each chosen file goes to /api/citizen/uploads
// with XMLHttpRequest (upload progress per file), refusals show the server's message in the
// user's language, and an uploaded file not yet sent with the form can be removed from it.
// Controlled (`files` + `onChange`) or, with `name`, a plain form field of document ids.
import { useEffect, useId, useState } from 'react';
import type { Messages } from '@/modules/i18n';
import { fill } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';

export interface UploadedFile {
  documentId: string;
  title: string;
}

type Purpose = 'application' | 'information_reply' | 'reconsideration';

interface Pending {
  key: string;
  name: string;
  progress: number;
  error: string | null;
}

export function UploadField(props: {
  locale: Locale;
  texts: Messages['apply']['upload'];
  /** What the upload is for; the server stores it accordingly. */
  purpose: Purpose;
  /** The own case it belongs to (reply, reconsideration); none for a new application. */
  caseId?: string;
  files?: UploadedFile[];
  onChange?: (files: UploadedFile[]) => void;
  /** With a name, each uploaded document id is also a hidden form field of that name. */
  name?: string;
  label?: string;
  /** Told whether files are still on their way (a form should wait before moving on). */
  onBusyChange?: (busy: boolean) => void;
}) {
  const { texts } = props;
  const id = useId();
  const [own, setOwn] = useState<UploadedFile[]>([]);
  const files = props.files ?? own;
  const setFiles = (next: UploadedFile[]) => (props.onChange ? props.onChange(next) : setOwn(next));
  const [pending, setPending] = useState<Pending[]>([]);
  const uploading = pending.some((p) => !p.error);
  const { onBusyChange } = props;
  useEffect(() => onBusyChange?.(uploading), [uploading, onBusyChange]);

  const patch = (key: string, change: Partial<Pending>) =>
    setPending((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  function upload(file: File): Promise<UploadedFile | null> {
    const key = `${file.name}-${file.size}-${Math.random()}`;
    setPending((list) => [...list, { key, name: file.name, progress: 0, error: null }]);
    const query = new URLSearchParams({
      purpose: props.purpose,
      title: file.name.slice(0, 300) || 'file',
      locale: props.locale,
      ...(props.caseId ? { caseId: props.caseId } : {}),
    });
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/citizen/uploads?${query}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable)
          patch(key, { progress: Math.round((event.loaded / event.total) * 100) });
      };
      xhr.onload = () => {
        let body: { documentId?: string; title?: string; message?: string } = {};
        try {
          body = JSON.parse(xhr.responseText) as typeof body;
        } catch {
          // not JSON: the generic message below
        }
        if (xhr.status === 201 && body.documentId) {
          patch(key, { progress: 100 });
          setPending((list) => list.filter((p) => p.key !== key));
          resolve({ documentId: body.documentId, title: body.title ?? file.name });
        } else {
          const reason = body.message ?? texts.network;
          patch(key, { error: fill(texts.failed, { name: file.name, reason }) });
          resolve(null);
        }
      };
      xhr.onerror = () => {
        patch(key, { error: fill(texts.failed, { name: file.name, reason: texts.network }) });
        resolve(null);
      };
      xhr.send(file);
    });
  }

  async function chosen(list: FileList | null) {
    if (!list?.length) return;
    const results = await Promise.all([...list].map(upload));
    const added = results.filter((r): r is UploadedFile => r !== null);
    if (added.length) setFiles([...files, ...added]);
  }

  return (
    <div className="upload-field">
      <label htmlFor={`${id}-input`}>{props.label ?? texts.label}</label>
      <input
        id={`${id}-input`}
        type="file"
        multiple
        accept="application/pdf,image/tiff,image/jpeg,image/png"
        onChange={(event) => {
          void chosen(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
      {pending.map((p) => (
        <div key={p.key} className="upload-pending">
          {p.error ? (
            <p className="alert" role="alert">
              {p.error}{' '}
              <button
                type="button"
                onClick={() => setPending((list) => list.filter((x) => x.key !== p.key))}
              >
                {fill(texts.remove, { name: p.name })}
              </button>
            </p>
          ) : (
            <>
              <span id={`${id}-${p.key}`}>{fill(texts.progress, { name: p.name })}</span>
              <div
                className="progress"
                role="progressbar"
                aria-labelledby={`${id}-${p.key}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={p.progress}
              >
                <div className="progress-bar" style={{ width: `${p.progress}%` }} />
              </div>
            </>
          )}
        </div>
      ))}
      <h3>{texts.files}</h3>
      {files.length === 0 ? (
        <p>{texts.none}</p>
      ) : (
        <ul className="upload-list" data-testid="uploaded-files">
          {files.map((f) => (
            <li key={f.documentId}>
              <span>{f.title}</span>{' '}
              <div
                className="progress"
                role="progressbar"
                aria-label={fill(texts.progress, { name: f.title })}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={100}
              >
                <div className="progress-bar" style={{ width: '100%' }} />
              </div>
              <span className="muted">{texts.uploaded}</span>{' '}
              <button
                type="button"
                onClick={() => setFiles(files.filter((x) => x.documentId !== f.documentId))}
              >
                {fill(texts.remove, { name: f.title })}
              </button>
              {props.name && <input type="hidden" name={props.name} value={f.documentId} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
