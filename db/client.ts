// One connection pool per process, from DATABASE_URL.
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as appealsSchema from './appeals-schema';
import * as applySchema from './apply-schema';
import * as archiveSchema from './archive-schema';
import * as caseworkSchema from './casework-schema';
import * as documentsSchema from './documents-schema';
import * as pathsSchema from './paths-schema';
import * as scansSchema from './scans-schema';
import * as coreSchema from './schema';
import * as worklistSchema from './worklist-schema';
import * as taskFormsSchema from './task-forms-schema';
import * as noticesSchema from './notices-schema';

const schema = {
  ...coreSchema,
  ...documentsSchema,
  ...caseworkSchema,
  ...pathsSchema,
  ...scansSchema,
  ...archiveSchema,
  ...appealsSchema,
  ...worklistSchema,
  ...taskFormsSchema,
  ...applySchema,
  ...noticesSchema,
};

export type Database = NodePgDatabase<typeof schema>;

interface Handle {
  pool: pg.Pool;
  db: Database;
}

const globalForDb = globalThis as unknown as { __sosDb?: Handle };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set (npm start sets it for the embedded database).');
  return url;
}

export function createDatabase(url: string, max = 10): Handle {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (error) => console.error('[db] idle client error:', error.message));
  return { pool, db: drizzle(pool, { schema }) };
}

/** The process-wide database (kept on globalThis so Next's dev reloads do not leak pools). */
export function getDb(): Database {
  globalForDb.__sosDb ??= createDatabase(databaseUrl());
  return globalForDb.__sosDb.db;
}

export function getPool(): pg.Pool {
  getDb();
  return globalForDb.__sosDb!.pool;
}

export { schema };
