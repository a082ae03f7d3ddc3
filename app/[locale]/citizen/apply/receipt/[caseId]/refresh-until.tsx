'use client';
// Registration gives the case number a moment after sending: look again until it is there.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function RefreshUntil({ everyMs = 1000, times = 60 }: { everyMs?: number; times?: number }) {
  const router = useRouter();
  useEffect(() => {
    let left = times;
    const timer = setInterval(() => {
      if (left-- <= 0) clearInterval(timer);
      else router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs, times]);
  return null;
}
