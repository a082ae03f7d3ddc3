// `npm start` as a user runs it: first start seeds, Ctrl-C stops every part cleanly, a restart
// keeps the data; DATABASE_URL uses an external PostgreSQL instead of the embedded one.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { freePort } from '@/test/free-port';
import { runtimeDatabaseUrl, withDb } from './helpers';

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

interface Run {
  output: () => string;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
  ready: Promise<void>;
}

function startApp(env: Record<string, string>): Run {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
    env: { ...process.env, SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`start exited early (${code}):\n${output}`));
    });
  });
  return {
    output: () => output,
    ready,
    async stop(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

test('first start seeds and answers health; Ctrl-C stops PostgreSQL cleanly; a restart keeps the data', async ({
  request,
}) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-start-'));
  const port = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()) };
  try {
    const first = startApp(env);
    await first.ready;
    expect(first.output()).toContain('First start: creating demo data');
    expect(first.output()).toMatch(/Deployed .*application v1/);
    expect(first.output()).toContain(`http://localhost:${port}/fi`);
    expect(first.output()).toContain('ohjaaja');
    const health = await request.get(`http://localhost:${port}/api/health`);
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      database: { reachable: true },
      migrations: { current: true },
      worker: { recent: true },
    });

    expect(await first.stop('SIGINT')).toBe(0);
    expect(first.output()).toContain('Stopped.');
    // A cleanly stopped server removes its lock file.
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = startApp(env);
    await second.ready;
    expect(second.output()).not.toContain('First start');
    expect(second.output()).toContain('Models unchanged.');
    expect((await request.get(`http://localhost:${port}/api/health`)).status()).toBe(200);
    expect(await second.stop('SIGTERM')).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('DATABASE_URL uses an external PostgreSQL: migrated and seeded there', async ({ request }) => {
  const dbName = `external_${Date.now()}`;
  await withDb((db) => db.query(`CREATE DATABASE ${dbName}`));
  const url = runtimeDatabaseUrl().replace(/\/[^/]+$/, `/${dbName}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-ext-'));
  const port = await freePort();
  try {
    const run = startApp({ DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: url });
    await run.ready;
    expect(run.output()).toContain('Using the external PostgreSQL from DATABASE_URL');
    expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
    expect((await request.get(`http://localhost:${port}/api/health`)).status()).toBe(200);
    expect(await run.stop('SIGINT')).toBe(0);
    const count = await withDb(
      async (db) =>
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM clients')).rows[0]!.n,
      url,
    );
    expect(count).toBe(50);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
