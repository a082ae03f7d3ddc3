// Vitest global setup: one real PostgreSQL for the whole run, with a migrated template
// database from which each test file clones its own database (see test/db.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../db/client';
import { runMigrations } from '../db/migrate';
import { startEmbeddedPostgres } from '../db/postgres/embedded';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export const TEMPLATE_DB = 'app_template';

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-vitest-'));
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
  });

  const admin = new pg.Client(server.url);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const templateUrl = server.url.replace(/\/postgres$/, `/${TEMPLATE_DB}`);
  const handle = createDatabase(templateUrl, 1);
  await runMigrations(handle.db);
  await handle.pool.end();

  project.provide('postgresUrl', server.url);

  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
