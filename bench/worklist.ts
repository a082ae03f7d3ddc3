// Benchmark of the work queues (not a test): `tsx bench/worklist.ts [--quick]`.
// Seeds 100 000 open user tasks and 50 000 clients with generate_series (20 units, 5 caseworkers
// and a team lead each), then measures the server time of a caseworker's queue query (the engine
// port's page search) and of the whole queue page data (query, count, cases and clients of the
// page, audit row), and runs 50 concurrent users for a minute (10 s with --quick) that open
// queues, page, filter, claim and release. Writes bench/results/worklist.json.
//
// Seeding writes the engine schema directly: running 100 000 processes through the runtime would
// take an hour. The rows have the shape the runtime writes (a `decision` instance per case).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase } from '../db/client';
import { runMigrations } from '../db/migrate';
import { seedDemoData } from '../db/seed';
import { EmbeddedEngine } from '../engine/embedded/adapter';
import { migrateEngine } from '../engine/embedded/migrate';
import { loadActor, type LoadedActor } from '../modules/access/load-actor';
import { helsinkiToday } from '../modules/calendar/helsinki-time';
import { appendAudit } from '../modules/audit';
import { loadWorkQueue } from '../modules/worklist/load-work-queue';
import { queuesOfActor } from '../modules/worklist/queues-of-actor';
import { subscribeToQueueChanges } from '../modules/worklist/queue-change-hub';
import type { QueueView } from '../modules/worklist/queue-view';
import { claimQueueTask, releaseQueueTask } from '../modules/worklist/task-commands';
import { deployWorkflows } from '../modules/process/deploy-workflows';

const ROOT = path.resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const TASKS = 100_000;
const CLIENTS = 50_000;
const UNITS = 20;
const CASEWORKERS_PER_UNIT = 5;
const SAMPLES = quick ? 150 : 600;
const USERS = 50;
const LOAD_SECONDS = quick ? 10 : 60;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

async function seed(pool: pg.Pool) {
  const t0 = Date.now();
  const c = await pool.connect();
  const step = process.argv.includes('--explain')
    ? (label: string, t = Date.now()) => console.log(`  ${label}: ${Date.now() - t} ms`)
    : () => {};
  const timed = async (label: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    await c.query(sql, params);
    step(label, t);
  };
  try {
    await c.query('BEGIN');
    // Bulk load: no per-row foreign-key or notify triggers (superuser only; slower without).
    await c.query('SAVEPOINT replica');
    await c.query('SET LOCAL session_replication_role = replica').then(
      () => c.query('RELEASE SAVEPOINT replica'),
      () => c.query('ROLLBACK TO SAVEPOINT replica'),
    );
    await c.query('SET LOCAL synchronous_commit = off');
    const org = (await c.query<{ id: string }>('SELECT id FROM organisations LIMIT 1')).rows[0]!;
    await c.query(
      `INSERT INTO units (organisation_id, code, name)
       SELECT $1, 'BENCH-' || lpad(i::text, 2, '0'),
         jsonb_build_object('fi', 'Yksikkö ' || i, 'sv', 'Enhet ' || i, 'en', 'Unit ' || i)
       FROM generate_series(1, $2) i`,
      [org.id, UNITS - 2],
    );
    await c.query(`CREATE TEMP TABLE bench_units ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY code) - 1 AS n, id, code FROM units`);
    // Caseworkers and one team lead per unit (no password: the bench calls the modules).
    await c.query(
      `INSERT INTO users (username, display_name, roles)
       SELECT 'bench-' || u.code || '-' || i, 'Bench ' || u.code || ' ' || i,
         CASE WHEN i = 0 THEN '{team_lead}'::role[] ELSE '{caseworker}'::role[] END
       FROM bench_units u, generate_series(0, $1) i`,
      [CASEWORKERS_PER_UNIT],
    );
    await c.query(
      `INSERT INTO unit_memberships (user_id, unit_id)
       SELECT us.id, u.id FROM users us JOIN bench_units u ON us.username LIKE 'bench-' || u.code || '-%'`,
    );
    // Clients with valid identity codes (date of birth + individual number + check character).
    await timed(
      'clients',
      `INSERT INTO clients (identity_code, first_names, last_name, birth_date, responsible_unit_id)
       SELECT to_char(d, 'DDMMYY') || '-' || lpad(z::text, 3, '0') ||
           substr('0123456789ABCDEFHJKLMNPRSTUVWXY',
             ((to_char(d, 'DDMMYY') || lpad(z::text, 3, '0'))::bigint % 31)::int + 1, 1),
         'Etu' || i, 'Suku' || (i % 997), d, u.id
       FROM generate_series(1, $1) i
       CROSS JOIN LATERAL (SELECT date '1950-01-01' + (i % 18000) AS d, 100 + i / 18000 AS z) g
       JOIN bench_units u ON u.n = i % $2`,
      [CLIENTS, UNITS],
    );
    await timed(
      'cases',
      `INSERT INTO cases (organisation_id, case_number, client_id, unit_id, support_type, channel,
         urgent, status, received_on, decision_due_on)
       SELECT $1, 'BENCH-2026-' || lpad(n::text, 6, '0'), cl.id, cl.responsible_unit_id,
         'supplementary', 'eservice', n % 20 = 0, 'in_processing',
         $2::date - 10 + (n % 15), $2::date - 3 + (n % 15)
       FROM (SELECT row_number() OVER (ORDER BY id) AS rn, id, responsible_unit_id FROM clients) cl
       JOIN generate_series(1, $3) n ON cl.rn = 1 + (n % (SELECT count(*) FROM clients))`,
      [org.id, helsinkiToday(), TASKS],
    );
    const def = (
      await c.query<{ key: string }>(
        `SELECT key FROM engine.process_definitions WHERE bpmn_process_id = 'decision'
         ORDER BY version DESC LIMIT 1`,
      )
    ).rows[0]!;
    await timed(
      'instances',
      `INSERT INTO engine.instances (definition_key, bpmn_process_id, version, business_key, state,
         variables, started_at)
       SELECT $1, 'decision', 1, k.id::text, 'ACTIVE',
         jsonb_build_object('caseId', k.id, 'urgent', k.urgent, 'unitGroup', 'unit:' || u.code,
           'decisionMakerGroup', 'decision-makers:' || u.code), now()
       FROM cases k JOIN units u ON u.id = k.unit_id WHERE k.case_number LIKE 'BENCH-%'`,
      [def.key],
    );
    // 80% drafting in the unit queue, 20% approval in the decision makers' queue; 10% claimed.
    await timed(
      'user tasks',
      `INSERT INTO engine.user_tasks (instance_key, bpmn_process_id, business_key, element_id,
         execution_id, name, state, assignee, candidate_groups, due_date, priority, created_at)
       SELECT i.key, 'decision', i.business_key,
         CASE WHEN i.key % 5 = 0 THEN 'approve-decision' ELSE 'draft-decision' END,
         'bench-' || i.key,
         CASE WHEN i.key % 5 = 0 THEN 'Hyväksy päätös' ELSE 'Laadi päätösehdotus' END,
         'CREATED',
         CASE WHEN i.key % 10 = 3 THEN cw.id::text END,
         ARRAY[CASE WHEN i.key % 5 = 0 THEN 'decision-makers:' ELSE 'unit:' END || u.code],
         (k.decision_due_on + time '16:00') AT TIME ZONE 'Europe/Helsinki',
         CASE WHEN k.urgent THEN 90 ELSE 50 END,
         now() - (i.key % 7200) * interval '1 minute'
       FROM engine.instances i
       JOIN cases k ON k.id::text = i.business_key
       JOIN units u ON u.id = k.unit_id
       LEFT JOIN users cw ON cw.username = 'bench-' || u.code || '-' || (1 + i.key % $1)
       WHERE i.bpmn_process_id = 'decision'`,
      [CASEWORKERS_PER_UNIT],
    );
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
  await pool.query('ANALYZE');
  const counts = (
    await pool.query<{ tasks: number; clients: number }>(
      `SELECT (SELECT count(*)::int FROM engine.user_tasks WHERE state = 'CREATED') AS tasks,
              (SELECT count(*)::int FROM clients) AS clients`,
    )
  ).rows[0]!;
  return { ...counts, seconds: (Date.now() - t0) / 1000 };
}

/** Prints the plans of the queue's SQL (the adapter's page and count queries, as it sends them). */
async function explainQueries(engine: EmbeddedEngine, pool: pg.Pool) {
  // The adapter's statements as it sends them, caught on the client (pool clients run them).
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: { sql: string; params: unknown[] }[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [sql, params] = args;
    if (typeof sql === 'string' && sql.includes('engine.user_tasks t'))
      seen.push({ sql, params: Array.isArray(params) ? params : [] });
    return original.apply(this, args);
  };
  const first = await engine.searchUserTaskPage({
    candidateGroups: ['unit:BENCH-01'],
    countLimit: 500,
  });
  let page = first;
  for (let i = 0; i < 20 && page.next; i++)
    page = await engine.searchUserTaskPage({
      candidateGroups: ['unit:BENCH-01'],
      after: page.next,
    });
  await engine.searchUserTaskPage({ candidateGroups: ['unit:BENCH-01'], sort: 'priority' });
  await engine.searchUserTaskPage({
    candidateGroups: ['unit:BENCH-01'],
    variables: { urgent: true },
  });
  proto.query = original;
  const keep = [0, 1, seen.length - 6, seen.length - 5, seen.length - 4, seen.length - 2];
  for (const i of keep) {
    const q = seen[i]!;
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`,
      q.params,
    );
    console.log(`---- ${q.sql.replace(/\s+/g, ' ').slice(0, 160)}`);
    console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
}

async function main() {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | null = null;
  let dir: string | null = null;
  if (!serverUrl) {
    const { startEmbeddedPostgres } = await import('../db/postgres/embedded');
    const { freePort } = await import('../test/free-port');
    dir = mkdtempSync(path.join(tmpdir(), 'worklist-bench-'));
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
    });
    serverUrl = server.url;
    stopServer = () => server.stop();
  }
  // Always a database of our own: the bench fills it with 100 000 tasks.
  const name = `worklist_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(serverUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const { db, pool } = createDatabase(url.toString(), 20);
  const engine = new EmbeddedEngine({ pool, connectionString: url.toString() });
  try {
    await runMigrations(db);
    await seedDemoData(db);
    await migrateEngine(pool);
    await deployWorkflows(engine);
    const seeded = await seed(pool);
    console.log(
      `seeded ${seeded.tasks} open tasks, ${seeded.clients} clients in ${round(seeded.seconds)} s`,
    );

    if (process.argv.includes('--explain')) {
      await explainQueries(engine, pool);
      return;
    }
    const actorOf = async (username: string) => {
      const { rows } = await pool.query<{ id: string }>(
        'SELECT id FROM users WHERE username = $1',
        [username],
      );
      return (await loadActor(db, rows[0]!.id))!;
    };
    const caseworker = await actorOf('bench-BENCH-01-1');
    const group = 'unit:BENCH-01';
    const views: Partial<QueueView>[] = [
      {},
      { sort: 'priority' },
      { overdue: '1' },
      { assignee: 'none' },
      { task: 'draft-decision' },
      { dueFrom: helsinkiToday(), dueTo: helsinkiToday(new Date(Date.now() + 5 * 864e5)) },
    ];

    // ---- the query alone (engine port) and the page data, for one caseworker
    const queryMs: number[] = [];
    const pageMs: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < SAMPLES; i++) {
      const sort = i % 3 === 0 ? 'priority' : 'dueDate';
      const t0 = performance.now();
      const page = await engine.searchUserTaskPage({
        candidateGroups: [group],
        sort,
        limit: 25,
        countLimit: 500,
        after: sort === 'dueDate' && cursor ? cursor : undefined,
      });
      queryMs.push(performance.now() - t0);
      cursor = sort === 'dueDate' ? page.next : cursor; // walk deeper and deeper on due date

      const view = { tab: `group:${group}`, sort: 'deadline', ...views[i % views.length] };
      const t1 = performance.now();
      await loadWorkQueue(db, engine, caseworker, { view: view as QueueView });
      pageMs.push(performance.now() - t1);
    }
    // The urgency filter reads a process variable of each candidate task's instance: its cost
    // grows with the queue, not the page, so it is reported on its own.
    const urgentMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await loadWorkQueue(db, engine, caseworker, {
        view: { tab: `group:${group}`, sort: 'deadline', urgent: '1' },
      });
      urgentMs.push(performance.now() - t0);
    }
    // Where a page's time goes (sequential, one caseworker).
    const phases: Record<string, number[]> = { actorQueues: [], enginePage: [], audit: [] };
    for (let i = 0; i < Math.min(60, SAMPLES); i++) {
      let t = performance.now();
      await queuesOfActor(db, caseworker);
      phases.actorQueues!.push(performance.now() - t);
      t = performance.now();
      await engine.searchUserTaskPage({ candidateGroups: [group], limit: 25, countLimit: 500 });
      phases.enginePage!.push(performance.now() - t);
      t = performance.now();
      await appendAudit(db, { actorName: 'bench', action: 'client.list', details: { i } });
      phases.audit!.push(performance.now() - t);
    }
    const phaseP50 = Object.fromEntries(
      Object.entries(phases).map(([k, v]) => [k, round(pct(v, 50))]),
    );
    console.log('  page phases p50 (ms):', phaseP50);
    const mineT0 = performance.now();
    await loadWorkQueue(db, engine, caseworker, { view: { tab: 'mine', sort: 'deadline' } });
    const mineMs = performance.now() - mineT0;

    const plan = (
      await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) SELECT t.key FROM engine.user_tasks t
         WHERE t.state = 'CREATED' AND t.candidate_groups && ARRAY['${group}']::text[]
         ORDER BY COALESCE(t.due_date, 'infinity'::timestamptz), t.key LIMIT 26`,
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    console.log(plan);
    const usesIndex = /Index (Only )?Scan using user_tasks_open_due/.test(plan);

    // ---- 50 concurrent users for a while
    const actors: LoadedActor[] = [];
    for (let i = 0; i < USERS; i++) {
      const unit = String(1 + (i % (UNITS - 2))).padStart(2, '0');
      const role = i % 10 === 0 ? 0 : 1 + (i % CASEWORKERS_PER_UNIT);
      actors.push(await actorOf(`bench-BENCH-${unit}-${role}`));
    }
    let changes = 0;
    const unsubscribe = await Promise.all(
      actors.map((a) =>
        subscribeToQueueChanges(engine, {
          userId: a.userId,
          groups: new Set([`unit:BENCH-${a.username.split('-')[2]}`]),
          changed: () => (changes += 1),
        }),
      ),
    );
    const loadMs: number[] = [];
    let errors = 0;
    let requests = 0;
    let claims = 0;
    const firstErrors: string[] = [];
    const until = Date.now() + LOAD_SECONDS * 1000;
    await Promise.all(
      actors.map(async (a) => {
        const unitCode = a.username.split('-').slice(1, 3).join('-');
        let after: string | undefined;
        while (Date.now() < until) {
          const tab =
            a.roles.includes('team_lead') && Math.random() < 0.5
              ? 'all'
              : Math.random() < 0.2
                ? 'mine'
                : `group:unit:${unitCode}`;
          const extra = Math.random() < 0.1 ? { urgent: '1' } : pick(views);
          const view = { tab, sort: 'deadline', ...extra } as QueueView;
          const t0 = performance.now();
          try {
            requests += 1;
            const r = await loadWorkQueue(db, engine, a, { view, after });
            loadMs.push(performance.now() - t0);
            after = r.kind === 'ok' && Math.random() < 0.6 ? (r.next ?? undefined) : undefined;
            if (r.kind === 'ok' && Math.random() < 0.15) {
              const free = r.rows.find((row) => row.canClaim);
              if (free) {
                const claimed = await claimQueueTask(db, engine, a, free.userTaskKey);
                if (claimed.ok) {
                  claims += 1;
                  await releaseQueueTask(db, engine, a, free.userTaskKey);
                }
              }
            }
          } catch (err) {
            errors += 1;
            if (firstErrors.length < 5) firstErrors.push(String(err));
          }
          // A person reads before the next click: 100-400 ms.
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
        }
      }),
    );
    for (const stop of unsubscribe) stop();

    const result = {
      quick,
      // The machine may be shared: the load average during the run puts the numbers in context.
      load_average_1m: round(loadavg()[0]!, 2),
      tasks: seeded.tasks,
      clients: seeded.clients,
      seed_seconds: round(seeded.seconds),
      samples: SAMPLES,
      query_p50_ms: round(pct(queryMs, 50)),
      query_p95_ms: round(pct(queryMs, 95)),
      page_p50_ms: round(pct(pageMs, 50)),
      page_p95_ms: round(pct(pageMs, 95)),
      queue_p95_ms: round(Math.max(pct(queryMs, 95), pct(pageMs, 95))),
      my_tasks_ms: round(mineMs),
      urgent_filter_p95_ms: round(pct(urgentMs, 95)),
      page_phases_p50_ms: phaseP50,
      plan_uses_index: usesIndex,
      concurrent_users: USERS,
      concurrent_seconds: LOAD_SECONDS,
      concurrent_requests: requests,
      concurrent_rps: round(requests / LOAD_SECONDS),
      concurrent_p95_ms: round(pct(loadMs, 95)),
      concurrent_claims: claims,
      change_events: changes,
      errors,
    };
    console.log('worklist bench' + (quick ? ' (quick)' : ''));
    console.log(`  queue query : p50 ${result.query_p50_ms} ms, p95 ${result.query_p95_ms} ms`);
    console.log(
      `  queue page  : p50 ${result.page_p50_ms} ms, p95 ${result.page_p95_ms} ms (target < 100)`,
    );
    console.log(`  urgent filter page: p95 ${result.urgent_filter_p95_ms} ms`);
    console.log(`  index used  : ${usesIndex}`);
    console.log(
      `  ${USERS} users, ${LOAD_SECONDS} s: ${requests} pages (${result.concurrent_rps}/s), p95 ${result.concurrent_p95_ms} ms, ${claims} claims, ${errors} errors`,
    );
    if (firstErrors.length) console.log(firstErrors.join('\n'));
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(
      path.join(ROOT, 'bench/results/worklist.json'),
      JSON.stringify(result, null, 2) + '\n',
    );
  } finally {
    await engine.close();
    await pool.end();
    // pool.end() resolves before the server has seen every connection close.
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    if (stopServer) await stopServer();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
