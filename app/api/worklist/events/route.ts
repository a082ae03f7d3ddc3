// Server-sent events for the work-queue page: "something in your queues changed", fed by the
// engine's change watch (PostgreSQL LISTEN/NOTIFY in the embedded adapter). No data is sent;
// the page refreshes itself through the normal, access-checked and audited path.
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { requireArea } from '@/modules/auth/session';
import { AppError, HTTP_STATUS } from '@/modules/errors';
import { getEngine } from '@/modules/process/engine';
import { subscribeToQueueChanges } from '@/modules/worklist/queue-change-hub';
import { queuesOfActor } from '@/modules/worklist/queues-of-actor';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 25_000;
/** Many changes in a burst (a batch of new applications) become one event. */
const COALESCE_MS = 200;

export async function GET(request: Request) {
  let actor;
  try {
    actor = await requireArea('staff', '/api/worklist/events');
  } catch (error) {
    if (error instanceof AppError)
      return NextResponse.json({ error: error.code }, { status: HTTP_STATUS[error.code] });
    throw error;
  }
  const queues = await queuesOfActor(getDb(), actor);
  if (!queues) return NextResponse.json({ error: 'forbidden' }, { status: 403 });

  const encoder = new TextEncoder();
  let cleanup: (() => void) | null = null;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup?.();
        }
      };
      let pending: NodeJS.Timeout | null = null;
      const unsubscribe = await subscribeToQueueChanges(getEngine(), {
        userId: actor.userId,
        groups: new Set(queues.groups),
        changed() {
          pending ??= setTimeout(() => {
            pending = null;
            send('event: change\ndata: {}\n\n');
          }, COALESCE_MS);
        },
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        if (pending) clearTimeout(pending);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener('abort', () => cleanup?.());
      send('retry: 3000\nevent: ready\ndata: {}\n\n');
    },
    cancel() {
      cleanup?.();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
