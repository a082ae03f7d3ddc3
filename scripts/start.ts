// `npm start`: the whole system on embedded defaults. See README.md for the settings.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { banner, startSystem } from './system';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    console.error(`${name} must be a port number, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const log = (line: string) => console.log(`[start] ${line}`);

async function main() {
  const system = await startSystem({
    root,
    dataDir: path.resolve(process.env.DATA_DIR ?? path.join(root, 'data')),
    port: intEnv('PORT', 3000),
    embeddedPgPort: intEnv('EMBEDDED_PG_PORT', 54329),
    databaseUrl: process.env.DATABASE_URL || undefined,
    dev: args.has('--dev'),
    seed: process.env.SEED_DEMO_DATA !== 'false',
    build: process.env.SKIP_BUILD !== '1',
    log,
  });
  console.log(banner(system.url, process.env.SEED_DEMO_DATA !== 'false'));

  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping…`);
    await system.stop();
    log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  void system.crashed.then((why) => shutdown(why, 1));
}

main().catch((error) => {
  console.error('[start] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
