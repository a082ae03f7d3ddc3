// The web app's engine: one per process, on the app's connection pool.
import 'server-only';
import { createEngine, type Engine } from '@/engine';
import { databaseUrl, getPool } from '@/db/client';

const globalForEngine = globalThis as unknown as { __sosEngine?: Engine };

export function getEngine(): Engine {
  globalForEngine.__sosEngine ??= createEngine({
    pool: getPool(),
    connectionString: databaseUrl(),
    // `npm start` migrates the engine schema before the web app starts (scripts/system.ts).
    migrate: false,
  });
  return globalForEngine.__sosEngine;
}
