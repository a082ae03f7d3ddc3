// Case numbers run per organisation and year without gaps from concurrent registrations.
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

type Executor = Pick<Database, 'execute'>;

export const CASE_NUMBER_PREFIX = 'TOTU';

export async function nextCaseNumber(
  db: Executor,
  organisationId: string,
  year: number,
): Promise<string> {
  const result = await db.execute<{ last_number: number }>(sql`
    INSERT INTO case_number_counters (organisation_id, year, last_number)
    VALUES (${organisationId}, ${year}, 1)
    ON CONFLICT (organisation_id, year)
    DO UPDATE SET last_number = case_number_counters.last_number + 1
    RETURNING last_number`);
  const n = Number(result.rows[0]!.last_number);
  return `${CASE_NUMBER_PREFIX}-${year}-${String(n).padStart(6, '0')}`;
}
