// Applies engine/embedded/sql/*.sql in name order, once each, recorded in engine.migrations.
// Safe to call from several processes at once: a session advisory lock serialises them.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

// Resolved when used, not at import: bundled server code (the web app) has no import.meta.dirname.
const sqlDir = () => path.join(path.dirname(fileURLToPath(import.meta.url)), 'sql');
const LOCK_ID = 7_340_123_881; // arbitrary, constant: "engine migrations"

export async function migrateEngine(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    try {
      await client.query('CREATE SCHEMA IF NOT EXISTS engine');
      await client.query(
        `CREATE TABLE IF NOT EXISTS engine.migrations (
           name text PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Set(
        (await client.query<{ name: string }>('SELECT name FROM engine.migrations')).rows.map(
          (r) => r.name,
        ),
      );
      const files = (await readdir(sqlDir())).filter((f) => f.endsWith('.sql')).sort();
      for (const file of files) {
        if (done.has(file)) continue;
        const sql = await readFile(path.join(sqlDir(), file), 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO engine.migrations (name) VALUES ($1)', [file]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]);
    }
  } finally {
    client.release();
  }
}
