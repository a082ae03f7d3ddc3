// Entry point of the engine: choose the adapter by ENGINE=embedded|zeebe.
import pg from 'pg';
import type { Engine } from './port';
import { EmbeddedEngine, type EmbeddedEngineOptions } from './embedded/adapter';

export * from './port';
export { runWorkers, type RunWorkersOptions, type WorkerRunner } from './workers';
export { migrateEngine } from './embedded/migrate';
export { EmbeddedEngine } from './embedded/adapter';
export type { Clock } from './embedded/runtime';

export interface CreateEngineOptions extends Partial<EmbeddedEngineOptions> {
  kind?: 'embedded' | 'zeebe';
}

export function createEngine(options: CreateEngineOptions = {}): Engine {
  const kind = options.kind ?? process.env.ENGINE ?? 'embedded';
  if (kind === 'zeebe') {
    throw new Error('ENGINE=zeebe: the Zeebe (Camunda 8) adapter is not implemented yet');
  }
  if (kind !== 'embedded') throw new Error(`unknown ENGINE=${kind} (use embedded or zeebe)`);
  const connectionString = options.connectionString ?? process.env.DATABASE_URL;
  const pool =
    options.pool ?? (connectionString ? new pg.Pool({ connectionString, max: 10 }) : undefined);
  if (!pool) throw new Error('embedded engine needs a pg pool or DATABASE_URL');
  return new EmbeddedEngine({ ...options, pool, connectionString, ownsPool: !options.pool });
}
