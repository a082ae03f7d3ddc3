// Whether a case has an appeal still before the administrative court: such a case's records
// are not disposed of (modules/disposal lists them like a legal hold).
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { courtAppeals } from '@/db/appeals-schema';

export async function hasPendingCourtAppeal(
  db: Pick<Database, 'select'>,
  caseId: string,
): Promise<boolean> {
  const [pending] = await db
    .select({ id: courtAppeals.id })
    .from(courtAppeals)
    .where(and(eq(courtAppeals.caseId, caseId), isNull(courtAppeals.outcome)))
    .limit(1);
  return Boolean(pending);
}
