'use client';
// Upload with visible progress: the file is sent as the request body with XMLHttpRequest so
// that upload progress events are available; refusals come back in the user's language.
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export interface UploadFormText {
  uploadTitle: string;
  file: string;
  docTitle: string;
  type: string;
  language: string;
  upload: string;
  progress: string;
  uploaded: string;
  failed: string;
  types: Record<string, string>;
  languages: Record<string, string>;
}

export function UploadForm({
  clientId,
  locale,
  text,
}: {
  clientId: string;
  locale: string;
  text: UploadFormText;
}) {
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File)) return;
    const query = new URLSearchParams({
      clientId,
      locale,
      title: String(form.get('title') ?? ''),
      type: String(form.get('type') ?? ''),
      language: String(form.get('language') ?? ''),
    });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/documents?${query.toString()}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      setProgress(null);
      if (xhr.status === 201) {
        setMessage({ ok: true, text: text.uploaded });
        router.refresh();
        return;
      }
      let shown = text.failed;
      try {
        shown = (JSON.parse(xhr.responseText) as { message?: string }).message ?? text.failed;
      } catch {
        // Not JSON (a proxy's error page): the generic message.
      }
      setMessage({ ok: false, text: shown });
    };
    xhr.onerror = () => {
      setProgress(null);
      setMessage({ ok: false, text: text.failed });
    };
    setMessage(null);
    setProgress(0);
    xhr.send(file);
  }

  return (
    <form className="stack" onSubmit={submit}>
      <h2>{text.uploadTitle}</h2>
      <div>
        <label htmlFor="file">{text.file}</label>
        <input id="file" name="file" type="file" required />
      </div>
      <div>
        <label htmlFor="title">{text.docTitle}</label>
        <input id="title" name="title" type="text" required maxLength={300} />
      </div>
      <div>
        <label htmlFor="type">{text.type}</label>
        <select id="type" name="type" defaultValue="attachment">
          {Object.entries(text.types).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="language">{text.language}</label>
        <select id="language" name="language" defaultValue={locale}>
          {Object.entries(text.languages).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {progress !== null && (
        <div>
          <label htmlFor="upload-progress">{text.progress}</label>
          <progress id="upload-progress" max={100} value={progress}>
            {progress}%
          </progress>
        </div>
      )}
      {message && (
        <p
          className={message.ok ? 'notice' : 'alert'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="upload-message"
        >
          {message.text}
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
