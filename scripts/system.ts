// Starts the whole system: PostgreSQL (embedded unless DATABASE_URL is set), migrations, demo
// data on first start, the web app and the worker process; stops them all cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { ENGINE_NODE_FLAGS } from '../engine/embedded/node-flags';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDatabase } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/db/postgres/embedded';
import { DEMO_PASSWORD, DEMO_USERS, isSeeded, seedDemoData } from '@/db/seed';
import { createEngine } from '@/engine';
import { deployWorkflows } from '@/modules/process/deploy-workflows';
import { submitDemoApplications } from '@/modules/cases/demo-applications';
import { ensureDemoCertificate } from '@/modules/documents/pdf/ensure-demo-certificate';

export interface SystemOptions {
  root: string;
  dataDir: string;
  port: number;
  embeddedPgPort: number;
  databaseUrl?: string;
  dev: boolean;
  seed: boolean;
  build: boolean;
  log: (line: string) => void;
  /** Extra environment for the web and worker processes. */
  env?: Record<string, string>;
}

export interface RunningSystem {
  url: string;
  databaseUrl: string;
  stop(): Promise<void>;
  /** Resolves when any part exits on its own (a crash): the caller should stop the rest. */
  crashed: Promise<string>;
}

const APP_DATABASE = 'sosiaali';

async function ensureDatabase(serverUrl: string): Promise<string> {
  const client = new pg.Client(serverUrl);
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      APP_DATABASE,
    ]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${APP_DATABASE}`);
  } finally {
    await client.end();
  }
  return serverUrl.replace(/\/postgres$/, `/${APP_DATABASE}`);
}

function authSecret(dataDir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, 'auth-secret');
  if (!existsSync(file))
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** A production build is redone only when a source file is newer than the last build. */
function buildIsStale(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ['app', 'modules', 'db', 'engine', 'workflows'].map((d) =>
    newestMtime(path.join(root, d)),
  );
  const files = ['auth.ts', 'proxy.ts', 'next.config.ts', 'package-lock.json'].map((f) =>
    existsSync(path.join(root, f)) ? statSync(path.join(root, f)).mtimeMs : 0,
  );
  return Math.max(...sources, ...files) > built;
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the system did not become healthy in ${timeoutMs / 1000} s: ${last}`);
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { log } = options;
  mkdirSync(options.dataDir, { recursive: true });

  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    log(
      `Starting embedded PostgreSQL (data in ${path.join(options.dataDir, 'pg')}, port ${options.embeddedPgPort})…`,
    );
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(options.dataDir, 'pg'),
      port: options.embeddedPgPort,
    });
    databaseUrl = await ensureDatabase(embedded.url);
  } else {
    log('Using the external PostgreSQL from DATABASE_URL.');
  }

  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.on('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    if (embedded) {
      log('Stopping PostgreSQL…');
      await embedded.stop();
    }
  };

  try {
    const handle = createDatabase(databaseUrl, 2);
    log('Applying database migrations…');
    await runMigrations(handle.db);
    let freshDemo = false;
    if (options.seed && !(await isSeeded(handle.db))) {
      freshDemo = true;
      log('First start: creating demo data…');
      const seeded = await seedDemoData(handle.db);
      log(`Demo data: ${seeded.clients} clients, ${seeded.users} users.`);
    }
    log('Deploying the service-path models…');
    const engine = createEngine({ pool: handle.pool, connectionString: databaseUrl });
    const deployed = await deployWorkflows(engine);
    const fresh = deployed.processes.filter((p) => p.isNew);
    log(
      fresh.length
        ? `Deployed ${fresh.map((p) => `${p.bpmnProcessId} v${p.version}`).join(', ')}.`
        : 'Models unchanged.',
    );
    if (freshDemo) {
      const n = await submitDemoApplications(handle.db, engine);
      log(`Demo applications: ${n} (registered by the worker once it runs).`);
    }
    await engine.close();
    await handle.pool.end();

    // Signing: the organisation's P12 from configuration, else a self-signed demo certificate.
    let signing: Record<string, string> = {};
    if (!process.env.SIGNING_P12_FILE) {
      const file = path.join(options.dataDir, 'signing', 'demo.p12');
      const passwordFile = path.join(options.dataDir, 'signing', 'demo.p12.password');
      mkdirSync(path.dirname(file), { recursive: true });
      if (!existsSync(passwordFile))
        writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
      const password = readFileSync(passwordFile, 'utf8').trim();
      const { created } = await ensureDemoCertificate({
        file,
        password,
        subject: {
          commonName: 'Päätösten allekirjoitus (demo)',
          organization: 'Demokaupunki',
          locality: 'Demokaupunki',
        },
      });
      if (created) log(`Created a self-signed demo signing certificate in ${file}.`);
      signing = { SIGNING_P12_FILE: file, SIGNING_P12_PASSWORD: password };
    }

    const url = `http://localhost:${options.port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STORAGE_DIR: process.env.STORAGE_DIR ?? path.join(options.dataDir, 'objects'),
      ...signing,
      ...options.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: authSecret(options.dataDir),
      AUTH_URL: process.env.AUTH_URL ?? url,
      AUTH_TRUST_HOST: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(options.port),
    };
    const nextBin = path.join(options.root, 'node_modules', 'next', 'dist', 'bin', 'next');
    if (!options.dev && options.build && buildIsStale(options.root)) {
      log('Building the web app (next build)…');
      await run(process.execPath, [nextBin, 'build'], {
        cwd: options.root,
        env: { ...env, NODE_ENV: 'production' },
      });
    }

    const crashed = new Promise<string>((resolve) => {
      const start = (name: string, args: string[]) => {
        const child = spawn(process.execPath, args, { cwd: options.root, env, stdio: 'inherit' });
        children.push(child);
        child.on('exit', (code, signal) => resolve(`${name} exited (${signal ?? code})`));
      };
      // the web process runs engine steps too (starting processes, completing user tasks)
      start('web', [
        ...ENGINE_NODE_FLAGS,
        nextBin,
        options.dev ? 'dev' : 'start',
        '-p',
        String(options.port),
        '-H',
        '127.0.0.1',
      ]);
      start('worker', [
        ...ENGINE_NODE_FLAGS,
        '--import',
        'tsx',
        path.join(options.root, 'workers', 'main.ts'),
      ]);
    });

    await Promise.race([
      waitForHealth(url, 120_000),
      crashed.then((why) => Promise.reject(new Error(why))),
    ]);
    return { url, databaseUrl, stop, crashed };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function banner(url: string, seeded: boolean): string {
  const lines = [
    '',
    `  The system is running at ${url}/fi  (also /sv and /en)`,
    `  Health: ${url}/api/health`,
  ];
  if (seeded) {
    lines.push('', `  Demo logins (password for all: ${DEMO_PASSWORD}):`);
    for (const user of DEMO_USERS)
      lines.push(`    ${user.username.padEnd(14)} ${user.roles.join(', ')}`);
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  return lines.join('\n');
}
