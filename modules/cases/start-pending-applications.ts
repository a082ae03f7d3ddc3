// Cases whose process did not start (the engine failed after the case row was written) are
// started here; the worker process runs this periodically. Never starts a second instance.
import { and, isNull, lt } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { cases } from '@/db/schema';
import type { Engine } from '@/engine';
import { startOnce } from '@/modules/process/start-once';

export async function startPendingApplications(
  db: Database,
  engine: Engine,
  olderThanMs = 60_000,
): Promise<number> {
  const pending = await db
    .select()
    .from(cases)
    .where(
      and(
        isNull(cases.processInstanceKey),
        lt(cases.createdAt, new Date(Date.now() - olderThanMs)),
      ),
    )
    .limit(100);
  let started = 0;
  for (const row of pending) {
    const { processInstanceKey: key, started: isNew } = await startOnce(
      engine,
      'application',
      row.id,
      {
        caseId: row.id,
        clientId: row.clientId,
        channel: row.channel,
        urgent: row.urgent,
        receivedOn: row.receivedOn,
      },
    );
    await db.update(cases).set({ processInstanceKey: key }).where(eq(cases.id, row.id));
    if (isNew) started += 1;
  }
  return started;
}
