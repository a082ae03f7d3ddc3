'use client';
// Keeps the queue current without a reload: listens to /api/worklist/events (server-sent
// events) and re-renders the page's server component when one's queues change.
import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';

export function LiveQueue({ updatedText, locale }: { updatedText: string; locale: string }) {
  const router = useRouter();
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/worklist/events');
    let timer: ReturnType<typeof setTimeout> | null = null;
    let seenReady = false;
    const refresh = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        startTransition(() => router.refresh());
        setUpdatedAt(new Date().toLocaleTimeString(locale));
      }, 100);
    };
    source.addEventListener('ready', () => {
      setConnected(true);
      // After a reconnect changes may have been missed: read the queue again.
      if (seenReady) refresh();
      seenReady = true;
    });
    source.addEventListener('change', refresh);
    source.onerror = () => setConnected(false);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [router, locale]);
  return (
    <p
      className="muted live-status"
      role="status"
      data-testid="queue-live"
      data-connected={connected ? 'true' : 'false'}
    >
      {updatedAt ? updatedText.replace('{time}', updatedAt) : ''}
    </p>
  );
}
