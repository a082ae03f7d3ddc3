// Applies the generated SQL migrations (db/migrations) and reports whether a database is current.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import type { Database } from './client';

export const migrationsFolder = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
);

export async function runMigrations(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder });
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export function expectedMigrations(): Journal['entries'] {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  return journal.entries;
}

/** True when every migration in the journal has been applied. */
export async function migrationsCurrent(
  pool: pg.Pool,
): Promise<{ current: boolean; applied: number; expected: number }> {
  const expected = expectedMigrations();
  const last = expected.at(-1);
  try {
    const result = await pool.query<{ count: string; last: string | null }>(
      'SELECT count(*)::text AS count, max(created_at)::text AS last FROM drizzle.__drizzle_migrations',
    );
    const applied = Number(result.rows[0]?.count ?? 0);
    const lastApplied = Number(result.rows[0]?.last ?? 0);
    return {
      current: applied >= expected.length && (!last || lastApplied >= last.when),
      applied,
      expected: expected.length,
    };
  } catch {
    return { current: false, applied: 0, expected: expected.length };
  }
}
