// Benchmark of the embedded engine (not a test): `tsx bench/engine.ts [--quick]`.
// Reference model workflows/test-models/bench.bpmn: start, three service tasks, an exclusive
// gateway, a user task completed by the load driver, end. Reports durable instances/s with one
// and with two worker processes, the same model fully in memory with bpmn-engine alone, the
// ratio, job activation latency (job created -> handler called) and snapshot bytes per instance.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { z } from 'zod';
import { Engine as BpmnEngine } from 'bpmn-engine';
import { EmbeddedEngine } from '../engine/embedded/adapter';
import { migrateEngine } from '../engine/embedded/migrate';
import { elementTypes, loadSourceContext, parseModel } from '../engine/embedded/model';
import { evalFeel, isFeel } from '../engine/embedded/feel';
import { runWorkers } from '../engine/workers';
import { defineJobHandler } from '../engine/port';
import { ENGINE_NODE_FLAGS } from '../engine/embedded/node-flags';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODEL = path.join(ROOT, 'workflows/test-models/bench.bpmn');
const quick = process.argv.includes('--quick');
const N_DURABLE = quick ? 120 : 600;
const N_MEMORY = quick ? 300 : 1500;
/** Instances run (and not measured) before each durable run; the in-memory run warms up too. */
const WARM_UP = 30;

if (process.argv.includes('--worker')) await workerMain();
else if (process.argv.includes('--memory')) {
  process.stdout.write(`memory ${JSON.stringify(await memoryRun())}\n`);
} else if (!ENGINE_NODE_FLAGS.every((f) => process.execArgv.includes(f))) {
  // The load driver starts instances and completes user tasks, i.e. runs engine steps like the
  // web server does: it runs with the same Node.js flags (scripts/system.ts) as the workers.
  const child = spawn(
    process.execPath,
    [
      ...ENGINE_NODE_FLAGS,
      ...profileFlags(),
      '--import',
      'tsx',
      import.meta.filename,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  child.on('exit', (code) => process.exit(code ?? 1));
} else await main();

/** BENCH_PROFILE_DIR=dir writes a CPU profile of the load driver and every worker there. */
function profileFlags(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

// ------------------------------------------------------------------ worker process

async function workerMain() {
  const url = process.env.DATABASE_URL!;
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const engine = new EmbeddedEngine({
    pool,
    connectionString: url,
    migrate: false,
    serveSteps: true,
  });
  const calls: [string, number][] = [];
  const handlers = [1, 2, 3].map((i) =>
    defineJobHandler({
      type: `bench-${i}`,
      input: z.object({ amount: z.number() }).passthrough(),
      output: z.object({}).passthrough(),
      async handler(job) {
        calls.push([job.key, Date.now()]);
        return job.complete(i === 3 ? { checked: true } : {});
      },
    }),
  );
  const runner = runWorkers({ engine, handlers, concurrency: 16, pollMs: 1000 });
  let cpuAtReady = process.cpuUsage(); // start-up (loading modules) is not the engine's work
  process.stdout.write('ready\n');
  // the driver has warmed up: count from here
  process.on('SIGUSR2', () => {
    cpuAtReady = process.cpuUsage();
    calls.length = 0;
    process.stdout.write('reset\n');
  });
  process.on('SIGTERM', () => {
    void runner.stop(2000).then(async () => {
      const cpu = process.cpuUsage(cpuAtReady);
      process.stdout.write(`cpu ${(cpu.user + cpu.system) / 1000}\n`);
      process.stdout.write(`calls ${JSON.stringify(calls)}\n`);
      await engine.close();
      await pool.end();
      process.exit(0);
    });
  });
}

// ------------------------------------------------------------------ driver

interface Worker {
  child: ChildProcess;
  out: string;
}

function spawnWorker(url: string): Promise<Worker> {
  const args = [
    ...ENGINE_NODE_FLAGS,
    ...profileFlags(),
    '--import',
    'tsx',
    import.meta.filename,
    '--worker',
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const w: Worker = { child, out: '' };
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      w.out += d.toString();
      if (w.out.includes('ready')) resolve(w);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code})`)));
  });
}

/** Start counting a worker's CPU and job calls now (after the warm-up). */
function resetWorker(w: Worker): Promise<void> {
  return new Promise((resolve) => {
    const seen = w.out.length;
    const onData = () => {
      if (!w.out.slice(seen).includes('reset')) return;
      w.child.stdout!.off('data', onData);
      resolve();
    };
    w.child.stdout!.on('data', onData);
    w.child.kill('SIGUSR2');
  });
}

async function stopWorker(w: Worker): Promise<{ calls: [string, number][]; cpuMs: number }> {
  await new Promise<void>((resolve) => {
    w.child.removeAllListeners('exit');
    w.child.once('exit', () => resolve());
    w.child.kill('SIGTERM');
  });
  const lines = w.out.split('\n');
  const line = lines.find((l) => l.startsWith('calls '));
  const cpu = lines.find((l) => l.startsWith('cpu '));
  return {
    calls: line ? (JSON.parse(line.slice(6)) as [string, number][]) : [],
    cpuMs: cpu ? Number(cpu.slice(4)) : 0,
  };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function durableRun(
  url: string,
  pool: pg.Pool,
  workers: number,
  opts: { instances: number; paceMs?: number; pgDataDir?: string | null },
) {
  const N = opts.instances;
  await pool.query(
    `TRUNCATE engine.jobs, engine.user_tasks, engine.timers, engine.message_subscriptions,
       engine.history, engine.incidents, engine.instances CASCADE`,
  );
  const ws = await Promise.all(Array.from({ length: workers }, () => spawnWorker(url)));
  const engine = new EmbeddedEngine({ pool, connectionString: url, migrate: false });
  // Closed loop: a bounded number of instances in flight, so throughput is measured without
  // an ever-growing queue (which would only measure queueing in the latency numbers).
  const inFlightMax = opts.paceMs ? 2 : 16 * workers;
  let target = 0;
  let started = 0;
  let completed = 0;
  let snapshotBytes = 0;
  let snapshotSamples = 0;
  // Several users at once: a start or a completion handed to a worker waits for its step.
  const lanes = opts.paceMs ? 1 : 4;
  const starter = async () => {
    while (started < target) {
      if (opts.paceMs) await new Promise((r) => setTimeout(r, opts.paceMs));
      if (started - completed >= inFlightMax) {
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      started++;
      await engine.startInstance({
        bpmnProcessId: 'bench',
        variables: { amount: 1000, applicant: 'bench' },
      });
    }
  };
  // The load driver long-polls: after an empty search it searches again when the port says a
  // task appeared or closed (a second at the latest), at most every 20 ms so that tasks are
  // completed in batches; its queries count as the system's.
  let wake: (() => void) | null = null;
  let hinted = false;
  const unwatch = await engine.watchUserTasks(() => {
    hinted = true;
    wake?.();
  });
  const completer = async () => {
    for (;;) {
      hinted = false;
      const tasks = await engine.searchUserTasks({ bpmnProcessId: 'bench', limit: 50 });
      let next = 0;
      const lane = async () => {
        while (next < tasks.length) {
          const t = tasks[next++]!;
          await engine.completeUserTask(t.userTaskKey, { approved: true });
          completed++;
        }
      };
      await Promise.all(Array.from({ length: lanes }, lane));
      if (completed >= target) return;
      if (!tasks.length) {
        const emptyAt = Date.now();
        if (!hinted) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, 1000);
            function done() {
              clearTimeout(timer);
              wake = null;
              resolve();
            }
            wake = done;
          });
        }
        // batch: hints come for every task that appears or closes (our own completions too)
        const rest = 20 - (Date.now() - emptyAt);
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
    }
  };
  // Samples the snapshots of the instances in flight (through the state index): reading every
  // finished instance's snapshot each time would grow with the run and load the measured system.
  const sampler = async () => {
    while (completed < target) {
      const { rows } = await pool.query<{ bytes: string | null }>(
        `SELECT avg(octet_length(snapshot::text)) AS bytes FROM engine.instances
         WHERE state = 'ACTIVE' AND bpmn_process_id = 'bench' AND snapshot IS NOT NULL`,
      );
      if (rows[0]?.bytes) {
        snapshotBytes += Number(rows[0].bytes);
        snapshotSamples++;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const drive = async (count: number) => {
    target = count;
    started = 0;
    completed = 0;
    await Promise.all([...Array.from({ length: lanes }, starter), completer(), sampler()]);
  };
  // Warm up first, as the in-memory baseline does: the first instances measure compiling the
  // code (workers and driver) and PostgreSQL's first plans, not the engine.
  await drive(WARM_UP);
  await Promise.all(ws.map(resetWorker));
  snapshotBytes = 0;
  snapshotSamples = 0;
  const driverCpu0 = process.cpuUsage();
  const pgCpu0 = postgresCpuMs(opts.pgDataDir);
  const t0 = Date.now();
  await drive(opts.instances);
  unwatch();
  const seconds = (Date.now() - t0) / 1000;
  const driverCpu = process.cpuUsage(driverCpu0);
  const pgCpu1 = postgresCpuMs(opts.pgDataDir);
  const stopped = await Promise.all(ws.map(stopWorker));
  const calls = stopped.flatMap((x) => x.calls);
  // CPU of every process taking part (workers include start-up, which errs on the high side)
  const cpuParts = {
    workers: stopped.reduce((sum, x) => sum + x.cpuMs, 0) / N,
    driver: (driverCpu.user + driverCpu.system) / 1000 / N,
    postgres: (pgCpu0 !== null && pgCpu1 !== null ? pgCpu1 - pgCpu0 : 0) / N,
  };
  const cpuMs = (cpuParts.workers + cpuParts.driver + cpuParts.postgres) * N;
  await engine.close();
  const created = new Map(
    (
      await pool.query<{ key: string; created_at: Date }>('SELECT key, created_at FROM engine.jobs')
    ).rows.map((r) => [String(r.key), r.created_at.getTime()]),
  );
  const latencies = calls.map(([key, at]) => at - (created.get(key) ?? at)).sort((a, b) => a - b);
  return {
    ips: N / seconds,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    snapshotBytes: snapshotSamples ? snapshotBytes / snapshotSamples : 0,
    cpuMsPerInstance: cpuMs / N,
    cpuParts,
    pgMeasured: pgCpu0 !== null,
  };
}

/**
 * CPU milliseconds used so far by the embedded PostgreSQL server: the postmaster (with its
 * exited children) and its live backends, from /proc. Null when the server is not ours.
 */
function postgresCpuMs(dataDir: string | null | undefined): number | null {
  if (!dataDir) return null;
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    const stat = (p: number | string) => {
      const raw = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      // fields after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
      return {
        ppid: Number(f[1]),
        own: Number(f[11]) + Number(f[12]),
        reaped: Number(f[13]) + Number(f[14]),
      };
    };
    const root = stat(pid);
    let ticks = root.own + root.reaped;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const s = stat(entry);
        if (s.ppid === pid) ticks += s.own;
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks * tick;
  } catch {
    return null;
  }
}

/** The in-memory baseline in its own process, started with the same flags as the workers. */
function memoryRunInChild(): Promise<{ ips: number; cpuMsPerInstance: number }> {
  const args = [...ENGINE_NODE_FLAGS, '--import', 'tsx', import.meta.filename, '--memory'];
  if (quick) args.push('--quick');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('memory '));
      if (code === 0 && line)
        resolve(JSON.parse(line.slice(7)) as { ips: number; cpuMsPerInstance: number });
      else reject(new Error(`memory run exited (${code})`));
    }),
  );
}

async function memoryRun() {
  const xml = readFileSync(MODEL, 'utf8');
  const parsed = await parseModel('bench.bpmn', xml);
  if (!parsed.model) throw new Error('bench model rejected');
  const sourceContext = loadSourceContext(parsed.model.serializedContext);
  const runOne = async () => {
    const vars = { amount: 1000, applicant: 'bench' };
    const listener = new EventEmitter();
    listener.on('wait', (api: { signal(): void }) => api.signal());
    const engine = new BpmnEngine({
      name: 'bench',
      sourceContext,
      elements: elementTypes,
      expressions: {
        isExpression: isFeel,
        hasExpression: isFeel,
        resolveExpression: (e: unknown) => (isFeel(e) ? evalFeel(e, vars) : e),
      },
    } as unknown as ConstructorParameters<typeof BpmnEngine>[0]);
    const end = engine.waitFor('end');
    await engine.execute({ listener } as unknown as Parameters<typeof engine.execute>[0]);
    await end;
  };
  for (let i = 0; i < 30; i++) await runOne(); // warm up
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N_MEMORY; i++) await runOne();
  const cpu = process.cpuUsage(cpu0);
  return {
    ips: N_MEMORY / ((Date.now() - t0) / 1000),
    cpuMsPerInstance: (cpu.user + cpu.system) / 1000 / N_MEMORY,
  };
}

async function main() {
  let url = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | null = null;
  let dir: string | null = null;
  let pgDataDir: string | null = null;
  if (!url) {
    const { startEmbeddedPostgres } = await import('../db/postgres/embedded');
    const { freePort } = await import('../test/free-port');
    dir = mkdtempSync(path.join(tmpdir(), 'engine-bench-'));
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
    });
    url = server.url;
    pgDataDir = path.join(dir, 'pg');
    stopServer = () => server.stop();
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    await pool.query('DROP SCHEMA IF EXISTS engine CASCADE');
    await migrateEngine(pool);
    const setup = new EmbeddedEngine({ pool, connectionString: url, migrate: false });
    await setup.deploy([{ name: 'bench.bpmn', content: readFileSync(MODEL, 'utf8') }]);
    await setup.close();

    // The machine may be shared: measure in memory before and after the durable runs and
    // keep the better number, so the ratio errs on the pessimistic side.
    const memoryBefore = await memoryRunInChild();
    const one = await durableRun(url, pool, 1, { instances: N_DURABLE, pgDataDir });
    const two = await durableRun(url, pool, 2, { instances: N_DURABLE, pgDataDir });
    // Activation latency is measured separately at a moderate, steady load (one instance every
    // 100 ms): under a saturating load it would only measure the queue.
    const paced = await durableRun(url, pool, 1, { instances: quick ? 40 : 150, paceMs: 100 });
    const memoryAfter = await memoryRunInChild();
    const memory_ips = Math.max(memoryBefore.ips, memoryAfter.ips);
    const durable_ips = Math.max(one.ips, two.ips);
    // CPU time per instance is far less sensitive to other load on a shared machine than
    // instances per second. From it: the ratio this machine's cores would give when idle
    // (durable work spreads over every core; bpmn-engine in memory runs on one).
    const memoryCpu = Math.min(memoryBefore.cpuMsPerInstance, memoryAfter.cpuMsPerInstance);
    const best = one.cpuMsPerInstance <= two.cpuMsPerInstance ? one : two;
    const durableCpu = best.cpuMsPerInstance;
    const cores = availableParallelism();
    const result = {
      quick,
      instances_durable: N_DURABLE,
      instances_memory: N_MEMORY,
      durable_ips: round(durable_ips),
      durable_ips_1_worker: round(one.ips),
      durable_ips_2_workers: round(two.ips),
      memory_ips: round(memory_ips),
      ratio: round(durable_ips / memory_ips, 3),
      activation_p50_ms: round(paced.p50),
      activation_p99_ms: round(paced.p99),
      activation_p99_ms_saturated: round(Math.max(one.p99, two.p99)),
      snapshot_bytes_per_instance: Math.round(Math.max(one.snapshotBytes, two.snapshotBytes)),
      durable_cpu_ms_per_instance: round(durableCpu),
      durable_cpu_ms_parts: {
        workers: round(best.cpuParts.workers),
        driver: round(best.cpuParts.driver),
        postgres: round(best.cpuParts.postgres),
      },
      durable_cpu_includes_postgres: one.pgMeasured,
      memory_cpu_ms_per_instance: round(memoryCpu),
      cores,
      ratio_idle_estimate: round(Math.min(1, (cores * memoryCpu) / durableCpu), 3),
      load_average: loadavg().map((x) => round(x, 2)),
    };
    console.log('engine bench' + (quick ? ' (quick)' : ''));
    console.log(`  durable, 1 worker : ${result.durable_ips_1_worker} instances/s`);
    console.log(`  durable, 2 workers: ${result.durable_ips_2_workers} instances/s`);
    console.log(`  in memory         : ${result.memory_ips} instances/s`);
    console.log(`  ratio             : ${result.ratio} (target >= 0.5)`);
    console.log(
      `  activation        : p50 ${result.activation_p50_ms} ms, p99 ${result.activation_p99_ms} ms (target < 50)`,
    );
    console.log(`  activation (saturated load): p99 ${result.activation_p99_ms_saturated} ms`);
    console.log(`  snapshot          : ${result.snapshot_bytes_per_instance} bytes`);
    console.log(
      `  CPU per instance  : durable ${result.durable_cpu_ms_per_instance} ms (workers ${result.durable_cpu_ms_parts.workers}, driver ${result.durable_cpu_ms_parts.driver}, PostgreSQL ${result.durable_cpu_ms_parts.postgres}), in memory ${result.memory_cpu_ms_per_instance} ms`,
    );
    console.log(
      `  ratio from CPU    : ${result.ratio_idle_estimate} on ${cores} idle cores (load average now ${result.load_average.join(' ')})`,
    );
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(
      path.join(ROOT, 'bench/results/engine.json'),
      JSON.stringify(result, null, 2) + '\n',
    );
  } finally {
    await pool.end();
    if (stopServer) await stopServer();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
