// Per-test-file databases cloned from the migrated template (fast: a file copy in PostgreSQL).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../db/client';

export interface TestDatabase {
  url: string;
  db: Database;
  pool: pg.Pool;
  /** Superuser connection URL of the server (for tests that play an attacker with DB access). */
  serverUrl: string;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(serverUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE app_template`);
  await admin.end();
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  const { db, pool } = createDatabase(url, 5);
  return {
    url,
    db,
    pool,
    serverUrl,
    async close() {
      await pool.end();
    },
  };
}
