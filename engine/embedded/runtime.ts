// The durable part of the embedded runtime: advancing one instance by one step inside a
// transaction and persisting what the step produced (snapshot, jobs, user tasks, timers,
// message subscriptions, history rows, incidents).
import type { UserTask, Variables } from '../port';
import { evalFeel, evalFeelString, FeelError, isFeel } from './feel';
import { loadSourceContext, type ElementMeta, type ProcessMeta, type SourceContext } from './model';
import {
  LiveInstance,
  StepFailure,
  type ScopeHooks,
  type StepAction,
  type StepOutcome,
  type Wait,
} from './step';
import { prepared, type Client, type InstanceRow } from './db';
import type pg from 'pg';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface LoadedDefinition {
  key: string;
  bpmnProcessId: string;
  version: number;
  meta: ProcessMeta;
  sourceContext: SourceContext;
}

/** Variables a completed job / user task / message hands back, applied with output mappings. */
export interface Completion {
  elementId: string | null;
  locals: Variables;
  result: Variables;
  /** The sub-process scope the element ran in (null = process scope). */
  scopeId?: string | null;
  /** A child instance's variables: propagated only if the call activity says so. */
  propagateAll?: boolean;
}

/** Local variable scopes of running sub-processes, by the sub-process's execution id. */
export type Scopes = Record<string, { parent: string | null; vars: Variables }>;

/** Process variables overlaid with the locals of a scope and all its parents. */
export function contextFor(vars: Variables, scopes: Scopes, scopeId: string | null): Variables {
  const chain: Variables[] = [];
  for (let id = scopeId; id && scopes[id]; id = scopes[id]!.parent) chain.unshift(scopes[id]!.vars);
  return Object.assign({}, vars, ...chain) as Variables;
}

/** Writes each variable to the nearest scope that already has it, else to the process. */
export function assignVars(
  vars: Variables,
  scopes: Scopes,
  scopeId: string | null,
  patch: Variables,
) {
  for (const [k, v] of Object.entries(patch)) {
    let target: Variables = vars;
    for (let id = scopeId; id && scopes[id]; id = scopes[id]!.parent) {
      if (k in scopes[id]!.vars) {
        target = scopes[id]!.vars;
        break;
      }
    }
    target[k] = v;
  }
}

export interface Pending {
  action: StepAction;
  completion: Completion | null;
}

export async function loadDefinition(
  c: Pick<Client, 'query'>,
  rt: Pick<RuntimeContext, 'caches'>,
  key: string,
): Promise<LoadedDefinition> {
  const defCache = rt.caches.definitions;
  const cached = defCache.get(key);
  if (cached) return cached;
  const { rows } = await c.query<{
    key: string;
    bpmn_process_id: string;
    version: number;
    meta: ProcessMeta;
    source_context: string;
  }>(
    'SELECT key, bpmn_process_id, version, meta, source_context::text AS source_context FROM engine.process_definitions WHERE key = $1',
    [key],
  );
  const row = rows[0];
  if (!row) throw new Error(`process definition ${key} not found`);
  const loaded: LoadedDefinition = {
    key: String(row.key),
    bpmnProcessId: row.bpmn_process_id,
    version: row.version,
    meta: row.meta,
    sourceContext: loadSourceContext(JSON.parse(row.source_context) as string),
  };
  defCache.set(key, loaded);
  return loaded;
}

function setPath(target: Variables, path: string, value: unknown) {
  const parts = path.split('.');
  let obj: Record<string, unknown> = target;
  for (const p of parts.slice(0, -1)) {
    const next = obj[p];
    if (!next || typeof next !== 'object' || Array.isArray(next)) obj[p] = {};
    obj = obj[p] as Record<string, unknown>;
  }
  obj[parts[parts.length - 1] ?? path] = value;
}

/** Evaluates input mappings in order; each input sees the ones before it. */
export function evalInputs(meta: ElementMeta, vars: Variables): Variables {
  const locals: Variables = {};
  for (const p of meta.inputs ?? []) {
    setPath(locals, p.target, evalFeel(p.source, { ...vars, ...locals }));
  }
  return locals;
}

/** The variables to merge into the process scope when an element completes. */
export function completionPatch(meta: ElementMeta | undefined, c: Completion, vars: Variables) {
  const patch = plainPatch(meta, c, vars);
  const multi = meta?.multi;
  const counter = c.locals.loopCounter;
  if (multi?.outputCollection && typeof counter === 'number') {
    // collect this iteration's output element at its index in the output collection
    const ctx = { ...vars, ...c.locals, ...c.result };
    const value = multi.outputElement ? evalFeel(multi.outputElement, ctx) : null;
    const current = vars[multi.outputCollection];
    const list = Array.isArray(current) ? [...(current as unknown[])] : [];
    while (list.length < counter) list.push(null);
    list[counter - 1] = value;
    patch[multi.outputCollection] = list;
  }
  return patch;
}

function plainPatch(meta: ElementMeta | undefined, c: Completion, vars: Variables) {
  const patch: Variables = {};
  if (meta?.outputs?.length) {
    const ctx = { ...vars, ...c.locals, ...c.result };
    for (const p of meta.outputs) setPath(patch, p.target, evalFeel(p.source, ctx));
    return patch;
  }
  if (c.propagateAll && meta?.call && !meta.call.propagateAllChildVariables) return {};
  return { ...c.result };
}

export type FollowUp =
  | { kind: 'advance'; instanceKey: string; pending: Pending }
  | {
      kind: 'startChild';
      definitionKey: string;
      businessKey: string | null;
      variables: Variables;
      parentKey: string;
      parentExecutionId: string;
      parentElementId: string;
    };

/** Raised while persisting a step for one element: becomes an incident on that element. */
export class ElementIncident extends Error {
  constructor(
    public readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Insert a new instance row and run its first step in the caller's transaction. */
export async function createInstance(
  c: Client,
  rt: RuntimeContext,
  defKey: string,
  businessKey: string | null,
  variables: Variables,
  startElementId?: string,
  parent?: { key: string; executionId: string; elementId: string },
): Promise<{ key: string; def: LoadedDefinition }> {
  const { key, def } = await insertInstance(c, rt, defKey, businessKey, variables, parent);
  await advance(c, rt, key, { action: { kind: 'start', startElementId }, completion: null });
  return { key, def };
}

/** Insert a new instance row, not started yet (its first step is the start action). */
async function insertInstance(
  c: Client,
  rt: RuntimeContext,
  defKey: string,
  businessKey: string | null,
  variables: Variables,
  parent?: { key: string; executionId: string; elementId: string },
): Promise<{ key: string; def: LoadedDefinition }> {
  const def = await loadDefinition(c, rt, defKey);
  const ins = await c.query<{ key: string }>(
    `INSERT INTO engine.instances (definition_key, bpmn_process_id, version, business_key, state,
       variables, started_at, parent_instance_key, parent_execution_id, parent_element_id)
     VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $6, $7, $8, $9) RETURNING key`,
    [
      defKey,
      def.bpmnProcessId,
      def.version,
      businessKey,
      JSON.stringify(variables),
      rt.clock.now(),
      parent?.key ?? null,
      parent?.executionId ?? null,
      parent?.elementId ?? null,
    ],
  );
  return { key: String(ins.rows[0]!.key), def };
}

/** Cancel an instance, its open rows and (recursively) its called child instances. */
export async function cancelTree(
  c: Client,
  instanceKey: string,
  now: Date,
  notices: [string, string][],
): Promise<void> {
  const res = await c.query(
    `UPDATE engine.instances SET state = 'CANCELED', ended_at = $2, snapshot = NULL, rev = rev + 1
     WHERE key = $1 AND state = 'ACTIVE'`,
    [instanceKey, now],
  );
  if (!res.rowCount) return;
  await closeAll(c, instanceKey, now, notices);
  const children = await c.query<{ key: string }>(
    `SELECT key FROM engine.instances WHERE parent_instance_key = $1 AND state = 'ACTIVE'`,
    [instanceKey],
  );
  for (const ch of children.rows) await cancelTree(c, String(ch.key), now, notices);
}

async function closeAll(c: Client, instanceKey: string, now: Date, notices: [string, string][]) {
  const { rows } = await c.query<TaskNoticeRow>(
    `WITH a AS (UPDATE engine.jobs SET state = 'canceled' WHERE instance_key = $1
         AND state IN ('activatable', 'activated', 'failed') RETURNING 1),
       b AS (UPDATE engine.user_tasks SET state = 'CANCELED', completed_at = $2
         WHERE instance_key = $1 AND state = 'CREATED'
         RETURNING key::text AS key, candidate_groups, assignee),
       d AS (UPDATE engine.message_subscriptions SET state = 'closed'
         WHERE instance_key = $1 AND state = 'open' RETURNING 1),
       e AS (UPDATE engine.timers SET state = 'canceled'
         WHERE instance_key = $1 AND state = 'armed' RETURNING 1),
       f AS (UPDATE engine.incidents SET state = 'resolved', resolved_at = $2
         WHERE instance_key = $1 AND state = 'active' RETURNING 1),
       h AS (UPDATE engine.history SET state = 'TERMINATED', ended_at = $2
         WHERE instance_key = $1 AND state = 'ACTIVE' RETURNING 1)
     SELECT * FROM b`,
    [instanceKey, now],
  );
  for (const t of rows) notices.push(userTaskNotice(t, t.assignee));
}

export const USER_TASKS_CHANNEL = 'engine_user_tasks';

/** A user task as its notice describes it. */
export interface TaskNoticeRow {
  key: string;
  candidate_groups: string[] | null;
  assignee: string | null;
}

/**
 * The notice of a user task that appeared (no previous assignee), changed hands or closed: its
 * key, candidate groups, assignee and previous assignee, never its variables. A notice holds at
 * most 8000 bytes; an oversized one becomes "re-read everything" ('{}').
 */
export function userTaskNotice(t: TaskNoticeRow, previous: string | null = null): [string, string] {
  const payload = JSON.stringify({
    k: String(t.key),
    g: t.candidate_groups ?? [],
    a: t.assignee,
    p: previous,
  });
  return [USER_TASKS_CHANNEL, Buffer.byteLength(payload) > 7900 ? '{}' : payload];
}

export interface RuntimeContext {
  clock: Clock;
  /**
   * NOTIFYs to send once the step's transaction has committed (sendNotices): [channel, payload].
   * Never inside the step's transaction: PostgreSQL serializes the commits of transactions that
   * NOTIFY (a global lock held through the WAL flush), which would cap every process's steps at
   * one flush each, one after the other.
   */
  notices: [string, string][];
  /**
   * Whether a step that is replayed after a crash anyway waits for its WAL flush (see
   * EmbeddedEngineOptions.flushReplayableSteps).
   */
  flushReplayable?: boolean;
  /** Run after the transaction committed (never after a rollback). */
  afterCommit: (() => void)[];
  /** Run once the transaction has ended, committed or not (after afterCommit). */
  afterEnd?: (() => void)[];
  caches: RuntimeCaches;
  /**
   * Message names and correlation keys to look at again once this transaction has committed:
   * a subscription opened with no buffered message in sight, or a message buffered with no
   * open subscription. A message and a subscription committed at the same moment by two
   * transactions cannot see each other (READ COMMITTED); the later one's second look does.
   */
  recheckMessages?: { name: string; correlationKey: string }[];
  /**
   * The serving process running this step (see adapter.ts, "step hand-off"): recorded as the
   * owner of the instance and of the jobs the step creates. Null in a process that does not
   * serve steps.
   */
  owner?: string | null;
}

/** Per engine (so per database): deployed definitions and live executions. */
export interface RuntimeCaches {
  definitions: Map<string, LoadedDefinition>;
  live: LiveCache;
}

export function createCaches(): RuntimeCaches {
  return { definitions: new Map(), live: new LiveCache(500) };
}

/** Live executions by instance, valid only for the exact revision they produced. */
/** What a process knows of an instance after its own committed step (see fastJobStep). */
export interface LiveState {
  /** The instance row as that step left it (no snapshot: the live execution is it). */
  row: LockedInstance;
  /** Executions with open rows: the elements waiting and the armed timers. */
  open: Set<string>;
}

function liveState(
  row: LockedInstance,
  vars: Variables,
  scopes: Scopes,
  outcome: StepOutcome,
): LiveState {
  return {
    row: {
      ...row,
      rev: row.rev + 1,
      variables: structuredClone(vars),
      scopes: structuredClone(scopes),
      snapshot: null,
      no_snapshot: false,
      open: null,
      queued: null,
    },
    open: new Set([
      ...outcome.waits.map((w) => w.executionId),
      ...outcome.timers.map((t) => t.executionId),
    ]),
  };
}

export class LiveCache {
  private readonly map = new Map<string, { rev: number; live: LiveInstance; state: LiveState }>();
  /** Steps being written: their rows (a new job) may be seen before the entry is put. */
  private readonly inFlight = new Map<string, Promise<void>>();
  constructor(private readonly max: number) {}
  /**
   * A step of the instance is being written by this process; call the result once it is
   * written (after put) or has failed. A job of that step activated here meanwhile waits for it
   * (settled) instead of missing the entry.
   */
  writing(key: string): () => void {
    let end!: () => void;
    const p = new Promise<void>((resolve) => (end = resolve));
    const before = this.inFlight.get(key);
    const all = before ? Promise.all([before, p]).then(() => undefined) : p;
    this.inFlight.set(key, all);
    void all.then(() => {
      if (this.inFlight.get(key) === all) this.inFlight.delete(key);
    });
    return end;
  }
  /** Resolves when no step of the instance is being written by this process. */
  settled(key: string): Promise<void> | null {
    return this.inFlight.get(key) ?? null;
  }
  /** The state of the instance as this process's own last step left it, if still cached. */
  stateOf(key: string): LiveState | null {
    const e = this.map.get(key);
    return e && e.state.row.rev === e.rev ? e.state : null;
  }
  /** The revision the cached execution of an instance belongs to, if there is one. */
  revOf(key: string): number | null {
    return this.map.get(key)?.rev ?? null;
  }
  take(key: string, rev: number): LiveInstance | null {
    const e = this.map.get(key);
    if (!e) return null;
    this.map.delete(key);
    return e.rev === rev ? e.live : null;
  }
  put(key: string, rev: number, live: LiveInstance, state: LiveState) {
    this.map.delete(key);
    this.map.set(key, { rev, live, state });
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }
  clear() {
    this.map.clear();
  }
}

/**
 * Advance one instance by one step in the caller's transaction. The instance row is locked
 * and its revision checked. A failing step leaves the last good snapshot in place and raises
 * an incident that remembers the step, so resolving it replays the step.
 */
export async function advance(
  c: Client,
  rt: RuntimeContext,
  instanceKey: string,
  pending: Pending | null,
  depth = 0,
  /** The step of the first waiting command, computed before the lock (see fastCommandStep). */
  preCommand?: { id: string; computed: Computed },
): Promise<void> {
  if (depth > 50) throw new Error('too many chained steps');
  await continueLocked(
    c,
    rt,
    await lockInstance(c, rt, instanceKey),
    pending,
    depth,
    undefined,
    preCommand,
  );
}

/** advance() once the instance is locked. */
async function continueLocked(
  c: Client,
  rt: RuntimeContext,
  locked: LockedInstance,
  pending: Pending | null,
  depth: number,
  pre?: Computed,
  preCommand?: { id: string; computed: Computed },
): Promise<void> {
  let row = locked;
  if (row.queued?.length) {
    // Commands handed to a serving process come first, in the order they were given; they are
    // gone with the first step (this transaction), and their callers hear of it at the commit.
    const consumed = row.queued.map((q) => q.id);
    const steps = [...row.queued.map((q) => q.pending), ...(pending ? [pending] : [])];
    const first = preCommand?.id === row.queued[0]!.id ? preCommand.computed : undefined;
    for (let i = 0; i < steps.length; i++) {
      if (i > 0) row = await lockInstance(c, rt, String(row.key)); // the previous step changed it
      await stepLocked(
        c,
        rt,
        row,
        steps[i]!,
        depth,
        i === 0 ? consumed : [],
        i === 0 ? first : undefined,
      );
    }
    return;
  }
  // a step computed before the lock counts only at the revision it was computed from
  if (pending) await stepLocked(c, rt, row, pending, depth, [], pre);
}

/** Deletes applied commands; their callers are told after the commit. */
async function consumeCommands(c: Client, rt: RuntimeContext, ids: string[]) {
  if (!ids.length) return;
  const { rows } = await c.query<{ id: string }>(
    'DELETE FROM engine.step_commands WHERE id = ANY($1) RETURNING id::text',
    [ids],
  );
  for (const r of rows) rt.notices.push([STEPS_CHANNEL, `done:${r.id}`]);
}

/** Job types with new activatable jobs (payload: the type). */
export const JOBS_CHANNEL = 'engine_jobs';
/**
 * Step hand-off: `run:<owner> <command id> <instance key>[ <command JSON>]` to the serving
 * process (a user task's completion carries its command when it fits in a notice), `done:<id>`
 * (with the step that applied it) or `fail:<id>` back.
 */
export const STEPS_CHANNEL = 'engine_steps';

/**
 * Sends NOTIFYs after the transaction they tell of has committed, in a transaction of their own
 * that does not wait for its WAL flush: a notice is a hint (every listener also polls or times
 * out), and its flush would otherwise be one more serialized commit (RuntimeContext.notices).
 */
export async function sendNotices(
  c: Pick<Client, 'query'>,
  notices: [string, string][],
): Promise<void> {
  const unique = [...new Map(notices.map((n) => [`${n[0]}\u0000${n[1]}`, n])).values()];
  if (!unique.length) return;
  await c.query(
    prepared(
      `SELECT set_config('synchronous_commit', 'off', true),
         (SELECT count(pg_notify(ch, msg)) FROM unnest($1::text[], $2::text[]) AS n(ch, msg))`,
      [unique.map((n) => n[0]), unique.map((n) => n[1])],
    ),
  );
}

/** The notices of a written step (its new jobs' types, its consumed commands' callers). */
function stepNotices(rt: RuntimeContext, r: StepResult) {
  for (const type of r.job_types ?? []) rt.notices.push([JOBS_CHANNEL, type]);
  for (const t of r.new_tasks ?? []) rt.notices.push(userTaskNotice(t));
  for (const id of r.done_ids ?? []) rt.notices.push([STEPS_CHANNEL, `done:${id}`]);
}

/** What the statement writing a step returns (STEP_NOTIFIES). */
interface StepResult {
  n: string;
  job_types: string[] | null;
  done_ids: string[] | null;
  new_tasks: TaskNoticeRow[] | null;
}

/**
 * Complete an activated job and advance its instance by the job's step. The instance is locked
 * (the lock order everywhere), the job closed and the step's input read in one round trip.
 * `instanceKey`, when the caller knows it, lets this process skip reading a snapshot it holds.
 */
export async function completeJobStep(
  c: Client,
  rt: RuntimeContext,
  jobKey: string,
  variables: Variables,
  instanceKey?: string,
  pre?: Computed,
): Promise<'done' | 'not_found' | 'not_activated'> {
  const cachedRev = instanceKey ? rt.caches.live.revOf(instanceKey) : null;
  const { rows } = await c.query<
    LockedInstance & {
      job: {
        element_id: string;
        execution_id: string;
        local_variables: Variables;
        scope_id: string | null;
      } | null;
    }
  >(
    `WITH i AS (
       SELECT * FROM engine.instances
       WHERE key = (SELECT instance_key FROM engine.jobs WHERE key = $1) FOR UPDATE),
     u AS (
       UPDATE engine.jobs j SET state = 'completed' FROM i
       WHERE j.key = $1 AND j.instance_key = i.key AND j.state = 'activated'
       RETURNING j.element_id, j.execution_id, j.local_variables, j.scope_id)
     SELECT ${LOCKED_COLUMNS}, (SELECT row_to_json(u) FROM u) AS job FROM i`,
    [jobKey, cachedRev ?? -1, jobKey],
  );
  const row = rows[0];
  if (!row) return 'not_found';
  const job = row.job;
  if (!job) return 'not_activated';
  await continueLocked(
    c,
    rt,
    row,
    {
      action: { kind: 'signal', executionId: job.execution_id },
      completion: {
        elementId: job.element_id,
        locals: job.local_variables,
        result: variables,
        scopeId: job.scope_id,
      },
    },
    0,
    pre,
  );
  return 'done';
}

/**
 * What a step reads of its locked instance `i`: the row (the snapshot only when this process
 * does not hold the live execution of revision $2), its open rows (a job $3 being completed in
 * the same statement is not open) and its waiting commands.
 */
const LOCKED_COLUMNS = `i.key, i.definition_key, i.bpmn_process_id, i.version, i.business_key,
       i.state, i.variables, i.scopes, i.parent_instance_key, i.parent_execution_id,
       i.parent_element_id, i.rev, i.started_at, i.ended_at,
       CASE WHEN i.rev = $2 THEN NULL ELSE i.snapshot END AS snapshot,
       i.snapshot IS NULL AS no_snapshot, (SELECT json_agg(o) FROM (
         SELECT 'job' AS kind, key::text, execution_id FROM engine.jobs
           WHERE instance_key = i.key AND state IN ('activatable', 'activated', 'failed')
             AND key <> $3
         UNION ALL SELECT 'task', key::text, execution_id FROM engine.user_tasks
           WHERE instance_key = i.key AND state = 'CREATED'
         UNION ALL SELECT 'sub', key::text, execution_id FROM engine.message_subscriptions
           WHERE instance_key = i.key AND state = 'open'
         UNION ALL SELECT 'timer', key::text, execution_id FROM engine.timers
           WHERE instance_key = i.key AND state = 'armed'
         UNION ALL SELECT 'incident', key::text, execution_id FROM engine.incidents
           WHERE instance_key = i.key AND state = 'active' AND execution_id IS NOT NULL
         UNION ALL SELECT 'call', key::text, parent_execution_id FROM engine.instances
           WHERE parent_instance_key = i.key AND state = 'ACTIVE') o) AS open,
       (SELECT json_agg(q ORDER BY q.id) FROM (SELECT id::text, pending FROM engine.step_commands
         WHERE instance_key = i.key) q) AS queued`;

type LockedInstance = InstanceRow & {
  open: OpenRow[] | null;
  no_snapshot: boolean;
  queued: { id: string; pending: Pending }[] | null;
};

/**
 * Lock the instance and read its open rows (jobs, tasks, subscriptions, timers, incidents) and
 * waiting commands in one round trip. The snapshot is not read when this process holds the live
 * execution of exactly that revision (it is the larger part of the row).
 */
async function lockInstance(
  c: Client,
  rt: RuntimeContext,
  instanceKey: string,
): Promise<LockedInstance> {
  const cachedRev = rt.caches.live.revOf(instanceKey);
  const { rows } = await c.query<LockedInstance>(
    `SELECT ${LOCKED_COLUMNS} FROM engine.instances i WHERE i.key = $1 FOR UPDATE OF i`,
    [instanceKey, cachedRev ?? -1, -1],
  );
  const row = rows[0];
  if (!row) throw new Error(`instance ${instanceKey} not found`);
  return row;
}

/** A step computed in memory, not yet written (see stepLocked and fastJobStep). */
export interface Computed {
  /** The revision it was computed from. */
  rev: number;
  vars: Variables;
  scopes: Scopes;
  live: LiveInstance;
  outcome: StepOutcome;
}

/**
 * Run one step of an instance in memory: apply the completion's variables, then the action on
 * the live execution this process holds of exactly that revision, or on one recovered from the
 * snapshot. Throws StepFailure.
 */
async function compute(
  c: Pick<Client, 'query'>,
  rt: RuntimeContext,
  row: LockedInstance,
  def: LoadedDefinition,
  pending: Pending,
): Promise<Computed> {
  const instanceKey = String(row.key);
  const vars: Variables = { ...row.variables };
  const scopes: Scopes = structuredClone(row.scopes ?? {});
  if (pending.completion) {
    const comp = pending.completion;
    const meta = comp.elementId ? def.meta.elements[comp.elementId] : undefined;
    let patch: Variables;
    try {
      patch = completionPatch(meta, comp, contextFor(vars, scopes, comp.scopeId ?? null));
    } catch (err) {
      throw new StepFailure(
        pending.completion.elementId,
        'IO_MAPPING_ERROR',
        (err as Error).message,
      );
    }
    assignVars(vars, scopes, comp.scopeId ?? null, patch);
  }
  const scopeHooks: ScopeHooks = {
    context: (scopeId) => contextFor(vars, scopes, scopeId),
    enter: (executionId, elementId, parentScopeId) => {
      const m = def.meta.elements[elementId];
      const locals = m ? evalInputs(m, contextFor(vars, scopes, parentScopeId)) : {};
      scopes[executionId] = { parent: parentScopeId, vars: locals };
    },
    end: (executionId, elementId) => {
      const scope = scopes[executionId];
      const m = def.meta.elements[elementId];
      if (scope && m?.outputs?.length) {
        const ctx = contextFor(vars, scopes, executionId);
        const patch: Variables = {};
        for (const o of m.outputs) setPath(patch, o.target, evalFeel(o.source, ctx));
        delete scopes[executionId];
        assignVars(vars, scopes, scope.parent, patch);
      } else delete scopes[executionId];
    },
    drop: (executionId) => {
      delete scopes[executionId];
    },
  };
  const onScript = (elementId: string, scopeId: string | null) => {
    const m = def.meta.elements[elementId];
    if (!m?.script) return {};
    const ctx = contextFor(vars, scopes, scopeId);
    const locals = evalInputs(m, ctx);
    const value = evalFeel(m.script.expression, { ...ctx, ...locals });
    const patch = completionPatch(
      m,
      { elementId, locals, result: { [m.script.resultVariable]: value } },
      ctx,
    );
    assignVars(vars, scopes, scopeId, patch);
    return patch;
  };
  // Reuse the live execution this process left after its own last committed step of this
  // instance, when the revision proves nobody advanced the instance since; else recover.
  let live = rt.caches.live.take(instanceKey, row.rev);
  if (!live || pending.action.kind === 'start') {
    let snapshot = row.snapshot as string | null;
    if (snapshot === null && !row.no_snapshot && pending.action.kind !== 'start') {
      // the live execution was expected here but is gone: read the snapshot after all
      const again = await c.query<{ snapshot: string }>(
        'SELECT snapshot FROM engine.instances WHERE key = $1',
        [instanceKey],
      );
      snapshot = again.rows[0]?.snapshot ?? null;
    }
    live = await LiveInstance.open({
      name: `${def.bpmnProcessId}:${instanceKey}`,
      meta: def.meta,
      sourceContext: def.sourceContext,
      snapshot: pending.action.kind === 'start' || snapshot === null ? null : JSON.parse(snapshot),
      variables: vars,
      scopes: scopeHooks,
    });
  }
  const outcome = await live.run(pending.action, vars, onScript, scopeHooks);
  return { rev: row.rev, vars, scopes, live, outcome };
}

/** One step of a locked instance (see advance). */
async function stepLocked(
  c: Client,
  rt: RuntimeContext,
  row: LockedInstance,
  pending: Pending,
  depth: number,
  consumed: string[],
  pre?: Computed,
): Promise<void> {
  if (row.state !== 'ACTIVE') return consumeCommands(c, rt, consumed);
  const instanceKey = String(row.key);
  const def = await loadDefinition(c, rt, String(row.definition_key));
  const now = rt.clock.now();
  const followUps: FollowUp[] = [];
  try {
    const { vars, scopes, live, outcome } =
      pre && pre.rev === row.rev ? pre : await compute(c, rt, row, def, pending);
    if (!outcome.completed) {
      const kept = live;
      const state = liveState(row, vars, scopes, outcome);
      rt.afterCommit.push(() => rt.caches.live.put(instanceKey, row.rev + 1, kept, state));
      rt.afterEnd?.push(rt.caches.live.writing(instanceKey));
    }
    await persist(c, rt, row, def, outcome, vars, scopes, now, followUps, row.open ?? [], consumed);
  } catch (err) {
    if (!(err instanceof StepFailure)) throw err;
    await consumeCommands(c, rt, consumed);
    // Nothing of the step was written yet: runStep and the output mappings fail before
    // persist, and persist turns FEEL errors into incidents itself.
    await c.query(
      `INSERT INTO engine.incidents (instance_key, element_id, type, message, state, pending, created_at)
       VALUES ($1, $2, $3, $4, 'active', $5, $6)`,
      [instanceKey, err.elementId, err.incidentType, err.message, JSON.stringify(pending), now],
    );
    return;
  }
  for (const f of followUps) {
    if (f.kind === 'advance') await advance(c, rt, f.instanceKey, f.pending, depth + 1);
    else {
      await createInstance(c, rt, f.definitionKey, f.businessKey, f.variables, undefined, {
        key: f.parentKey,
        executionId: f.parentExecutionId,
        elementId: f.parentElementId,
      });
    }
  }
}

interface OpenRow {
  kind: 'job' | 'task' | 'sub' | 'timer' | 'incident' | 'call';
  key: string;
  execution_id: string;
}

async function persist(
  c: Client,
  rt: RuntimeContext,
  row: InstanceRow,
  def: LoadedDefinition,
  outcome: StepOutcome,
  vars: Variables,
  scopes: Scopes,
  now: Date,
  followUps: FollowUp[],
  open: OpenRow[],
  consumed: string[],
) {
  const instanceKey = String(row.key);
  // Jobs and user tasks of this step, written with the instance in one statement (below).
  const jobs: NewJob[] = [];
  const tasks: NewUserTask[] = [];
  const openByExec = new Map<string, OpenRow[]>();
  for (const r of open) {
    const list = openByExec.get(r.execution_id) ?? [];
    list.push(r);
    openByExec.set(r.execution_id, list);
  }
  const live = new Set<string>();

  for (const w of outcome.completed ? [] : outcome.waits) {
    live.add(w.executionId);
    if (openByExec.has(w.executionId)) continue;
    const m = def.meta.elements[w.elementId];
    if (!m) continue;
    try {
      const { locals, ctx } = waitLocals(m, w, vars, scopes);
      if (m.job) {
        jobs.push(newJob(m, w, locals, ctx));
      } else if (m.userTask) {
        tasks.push(newUserTask(m, w, locals, ctx));
      } else if (m.call) {
        const processId = evalFeelString(m.call.processId, ctx);
        const d = await c.query<{ key: string }>(
          `SELECT key FROM engine.process_definitions WHERE bpmn_process_id = $1
           ORDER BY version DESC LIMIT 1`,
          [processId],
        );
        if (!d.rows[0]) {
          throw new ElementIncident('CALLED_ELEMENT_ERROR', `process ${processId} is not deployed`);
        }
        followUps.push({
          kind: 'startChild',
          definitionKey: String(d.rows[0].key),
          businessKey: row.business_key,
          variables: m.call.propagateAllParentVariables ? ctx : locals,
          parentKey: instanceKey,
          parentExecutionId: w.executionId,
          parentElementId: m.id,
        });
      } else if (m.message) {
        const key = m.message.correlationKey ? evalFeelString(m.message.correlationKey, ctx) : '';
        await c.query(
          `INSERT INTO engine.message_subscriptions (instance_key, element_id, execution_id, message_name,
             correlation_key, state, created_at, scope_id)
           VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)
           ON CONFLICT (instance_key, execution_id) DO NOTHING`,
          [instanceKey, m.id, w.executionId, m.message.name, key, now, w.scopeId],
        );
        const buffered = await c.query<{ key: string; variables: Variables }>(
          `SELECT key, variables FROM engine.messages
           WHERE name = $1 AND correlation_key = $2 AND state = 'buffered' AND expires_at > $3
           ORDER BY key LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [m.message.name, key, now],
        );
        const msg = buffered.rows[0];
        if (!msg) rt.recheckMessages?.push({ name: m.message.name, correlationKey: key });
        if (msg) {
          await c.query(`UPDATE engine.messages SET state = 'correlated' WHERE key = $1`, [
            msg.key,
          ]);
          await c.query(
            `UPDATE engine.message_subscriptions SET state = 'correlated'
             WHERE instance_key = $1 AND execution_id = $2`,
            [instanceKey, w.executionId],
          );
          followUps.push({
            kind: 'advance',
            instanceKey,
            pending: {
              action: { kind: 'signal', executionId: w.executionId },
              completion: { elementId: m.id, locals, result: msg.variables, scopeId: w.scopeId },
            },
          });
        }
      }
    } catch (err) {
      if (!(err instanceof FeelError) && !(err instanceof ElementIncident)) throw err;
      await c.query(
        `INSERT INTO engine.incidents (instance_key, element_id, execution_id, type, message, state, created_at)
         VALUES ($1, $2, $3, $4, $5, 'active', $6) ON CONFLICT DO NOTHING`,
        [
          instanceKey,
          m.id,
          w.executionId,
          err instanceof ElementIncident ? err.type : 'EXTRACT_VALUE_ERROR',
          err.message,
          now,
        ],
      );
    }
  }

  for (const t of outcome.completed ? [] : outcome.timers) {
    live.add(t.executionId);
    if (openByExec.get(t.executionId)?.some((r) => r.kind === 'timer')) continue;
    const due =
      t.timerType === 'timeDate' && t.expireAt
        ? t.expireAt
        : new Date(now.getTime() + Math.max(0, t.delayMs));
    await c.query(
      `INSERT INTO engine.timers (instance_key, element_id, execution_id, due_at, state, created_at)
       VALUES ($1, $2, $3, $4, 'armed', $5)
       ON CONFLICT (instance_key, execution_id) DO UPDATE SET due_at = EXCLUDED.due_at, state = 'armed'`,
      [instanceKey, t.elementId, t.executionId, due, now],
    );
  }

  // The new snapshot, variables, the history rows, the jobs and user tasks of this step in one
  // statement; the NOTIFYs are delivered at commit, never before.
  const upd = await c.query<StepResult>(
    `WITH upd AS (
       UPDATE engine.instances SET snapshot = $2, variables = $3, rev = rev + 1,
         state = $4, ended_at = $5, scopes = $7, owner = $15
       WHERE key = $1 AND rev = $6 RETURNING key),
     ${STEP_WRITES}
     SELECT (SELECT count(*) FROM upd) AS n, ${STEP_NOTIFIES}`,
    stepWriteParams(rt, row, outcome, vars, scopes, now, jobs, tasks, consumed),
  );
  if (Number(upd.rows[0]?.n) !== 1) throw new Error(`instance ${instanceKey} changed concurrently`);
  stepNotices(rt, upd.rows[0]!);

  const stale = open.filter((r) => !live.has(r.execution_id));
  const keysOf = (kind: OpenRow['kind']) => stale.filter((r) => r.kind === kind).map((r) => r.key);
  const closes: [OpenRow['kind'], string][] = [
    ['job', `UPDATE engine.jobs SET state = 'canceled' WHERE key = ANY($1)`],
    [
      'task',
      `UPDATE engine.user_tasks SET state = 'CANCELED', completed_at = $2 WHERE key = ANY($1)
       RETURNING key::text AS key, candidate_groups, assignee`,
    ],
    ['sub', `UPDATE engine.message_subscriptions SET state = 'closed' WHERE key = ANY($1)`],
    ['timer', `UPDATE engine.timers SET state = 'canceled' WHERE key = ANY($1)`],
    [
      'incident',
      `UPDATE engine.incidents SET state = 'resolved', resolved_at = $2 WHERE key = ANY($1)`,
    ],
  ];
  for (const [kind, sql] of closes) {
    const keys = keysOf(kind);
    if (!keys.length) continue;
    const res = await c.query<TaskNoticeRow>(sql, sql.includes('$2') ? [keys, now] : [keys]);
    if (kind === 'task') for (const t of res.rows) rt.notices.push(userTaskNotice(t, t.assignee));
  }
  // a call activity that was interrupted or terminated cancels its child instance
  for (const key of keysOf('call')) await cancelTree(c, key, now, rt.notices);
  if (outcome.completed) {
    await closeAll(c, instanceKey, now, rt.notices);
    for (const r of open) if (r.kind === 'call') await cancelTree(c, r.key, now, rt.notices);
    if (row.parent_instance_key !== null && row.parent_execution_id && row.parent_element_id) {
      // the parent's call activity completes with this instance's variables
      followUps.push({
        kind: 'advance',
        instanceKey: String(row.parent_instance_key),
        pending: {
          action: { kind: 'signal', executionId: row.parent_execution_id },
          completion: {
            elementId: row.parent_element_id,
            locals: {},
            result: vars,
            propagateAll: true,
          },
        },
      });
    }
  }
}

function toList(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function toDate(v: unknown, what: string): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) throw new FeelError(what, `not a date: ${JSON.stringify(v)}`);
  return d;
}

/**
 * What every step writes with its instance row (the CTE `upd`): history, new jobs and user
 * tasks, and the hand-off commands it consumed. Parameters: stepWriteParams.
 */
const STEP_WRITES = `ended AS (
       UPDATE engine.history h SET state = u.s, ended_at = $8
       FROM unnest($9::text[], $10::text[]) AS u(x, s)
       WHERE h.instance_key = $1 AND h.execution_id = u.x AND h.state = 'ACTIVE'
         AND EXISTS (SELECT 1 FROM upd)),
     entered AS (
       INSERT INTO engine.history (instance_key, element_id, element_type, execution_id, state,
         started_at, ended_at)
       SELECT $1, e, t, x, s, $8, CASE WHEN s = 'ACTIVE' THEN NULL ELSE $8::timestamptz END
       FROM unnest($11::text[], $12::text[], $13::text[], $14::text[]) AS u(e, t, x, s)
       WHERE EXISTS (SELECT 1 FROM upd)
       ON CONFLICT (instance_key, execution_id) DO UPDATE
         SET state = CASE WHEN EXCLUDED.state = 'ACTIVE' THEN engine.history.state
                          ELSE EXCLUDED.state END,
             ended_at = COALESCE(engine.history.ended_at, EXCLUDED.ended_at)),
     jobs AS (
       INSERT INTO engine.jobs (instance_key, element_id, execution_id, type, retries,
         custom_headers, local_variables, state, created_at, scope_id, owner)
       SELECT $1, e, x, t, r, h::jsonb, l::jsonb, 'activatable', $8, sc, $15
       FROM unnest($16::text[], $17::text[], $18::text[], $19::int[], $20::text[], $21::text[],
         $22::text[]) AS u(e, x, t, r, h, l, sc)
       WHERE EXISTS (SELECT 1 FROM upd)
       ON CONFLICT (instance_key, execution_id) DO NOTHING RETURNING type),
     tasks AS (
       INSERT INTO engine.user_tasks (instance_key, bpmn_process_id, business_key, element_id,
         execution_id, name, state, assignee, candidate_groups, candidate_users, due_date,
         follow_up_date, priority, form_id, local_variables, created_at, scope_id)
       SELECT $1, $24, $25, e, x, n, 'CREATED', a,
         ARRAY(SELECT jsonb_array_elements_text(g::jsonb)),
         ARRAY(SELECT jsonb_array_elements_text(cu::jsonb)), d, f, p, fo, l::jsonb, $8, sc
       FROM unnest($26::text[], $27::text[], $28::text[], $29::text[], $30::text[], $31::text[],
         $32::timestamptz[], $33::timestamptz[], $34::int[], $35::text[], $36::text[],
         $37::text[]) AS u(e, x, n, a, g, cu, d, f, p, fo, l, sc)
       WHERE EXISTS (SELECT 1 FROM upd)
       ON CONFLICT (instance_key, execution_id) DO NOTHING
       RETURNING key::text AS key, candidate_groups, assignee),
     cmds AS (DELETE FROM engine.step_commands WHERE id = ANY($23::bigint[])
       AND EXISTS (SELECT 1 FROM upd) RETURNING id)`;

/** What a written step tells others of, after its commit (stepNotices). */
const STEP_NOTIFIES = `(SELECT array_agg(DISTINCT type) FROM jobs) AS job_types,
       (SELECT array_agg(id::text) FROM cmds) AS done_ids,
       (SELECT json_agg(t) FROM tasks t) AS new_tasks`;

export interface NewJob {
  elementId: string;
  executionId: string;
  type: string;
  retries: number;
  headers: string;
  locals: string;
  scopeId: string | null;
}

function stepWriteParams(
  rt: RuntimeContext,
  row: InstanceRow,
  outcome: StepOutcome,
  vars: Variables,
  scopes: Scopes,
  now: Date,
  jobs: NewJob[],
  tasks: NewUserTask[],
  consumed: string[],
): unknown[] {
  const instanceKey = String(row.key);
  const entered = outcome.history.filter((x) => x.entered);
  const endedOnly = outcome.history.filter((x) => !x.entered && x.ended);
  return [
    instanceKey,
    outcome.snapshot === null ? null : JSON.stringify(outcome.snapshot),
    JSON.stringify(vars),
    outcome.completed ? 'COMPLETED' : 'ACTIVE',
    outcome.completed ? now : null,
    row.rev,
    JSON.stringify(outcome.completed ? {} : scopes),
    now,
    endedOnly.map((x) => x.executionId),
    endedOnly.map((x) => x.ended),
    entered.map((x) => x.elementId),
    entered.map((x) => x.elementType),
    entered.map((x) => x.executionId),
    entered.map((x) => x.ended ?? 'ACTIVE'),
    rt.owner ?? null,
    jobs.map((j) => j.elementId),
    jobs.map((j) => j.executionId),
    jobs.map((j) => j.type),
    jobs.map((j) => j.retries),
    jobs.map((j) => j.headers),
    jobs.map((j) => j.locals),
    jobs.map((j) => j.scopeId),
    consumed,
    row.bpmn_process_id,
    row.business_key,
    tasks.map((t) => t.elementId),
    tasks.map((t) => t.executionId),
    tasks.map((t) => t.name),
    tasks.map((t) => t.assignee),
    tasks.map((t) => JSON.stringify(t.candidateGroups)),
    tasks.map((t) => JSON.stringify(t.candidateUsers)),
    tasks.map((t) => t.dueDate),
    tasks.map((t) => t.followUpDate),
    tasks.map((t) => t.priority),
    tasks.map((t) => t.formId),
    tasks.map((t) => JSON.stringify(t.locals)),
    tasks.map((t) => t.scopeId),
  ];
}

/** The local variables of a waiting element (its inputs; an iteration's element) and its context. */
function waitLocals(m: ElementMeta, w: Wait, vars: Variables, scopes: Scopes) {
  const outer = contextFor(vars, scopes, w.scopeId);
  if (w.loop) {
    // an iteration: its input element and loopCounter are locals of the iteration
    outer.loopCounter = w.loop.index + 1;
    if (m.multi?.inputElement) outer[m.multi.inputElement] = w.loop.element;
  }
  const locals: Variables = {
    ...(w.loop && {
      loopCounter: w.loop.index + 1,
      ...(m.multi?.inputElement && { [m.multi.inputElement]: w.loop.element }),
    }),
    ...evalInputs(m, outer),
  };
  return { locals, ctx: { ...outer, ...locals } };
}

/** A job of this step (written with the instance). Throws FeelError. */
function newJob(m: ElementMeta, w: Wait, locals: Variables, ctx: Variables): NewJob {
  const job = m.job!;
  const retries = Number(evalFeel(job.retries, ctx));
  return {
    elementId: m.id,
    executionId: w.executionId,
    type: evalFeelString(job.type, ctx),
    retries: Number.isFinite(retries) ? retries : 3,
    headers: JSON.stringify(job.headers),
    locals: JSON.stringify(locals),
    scopeId: w.scopeId,
  };
}

/**
 * The rows of a step that only closes the element `closed` (if any) and creates jobs and user
 * tasks, or ends an instance that has no parent; null for any other step (stale rows to close,
 * timers, messages, calls, an incident, the end of a called instance).
 */
function simplePlan(
  def: LoadedDefinition,
  row: InstanceRow,
  outcome: StepOutcome,
  vars: Variables,
  scopes: Scopes,
  open: Set<string>,
  closed: string | null,
): { jobs: NewJob[]; tasks: NewUserTask[] } | null {
  if (outcome.timers.length) return null;
  // the parent's call activity goes on when a called instance ends: the locked path does that
  if (outcome.completed && row.parent_instance_key !== null) return null;
  const waiting = new Set(outcome.waits.map((w) => w.executionId));
  if (closed !== null && waiting.has(closed)) return null;
  for (const x of open) if (x !== closed && !waiting.has(x)) return null;
  const jobs: NewJob[] = [];
  const tasks: NewUserTask[] = [];
  try {
    for (const w of outcome.waits) {
      if (open.has(w.executionId)) continue;
      const m = def.meta.elements[w.elementId];
      if (!m) continue;
      if (!m.job && !m.userTask) return null;
      const { locals, ctx } = waitLocals(m, w, vars, scopes);
      if (m.job) jobs.push(newJob(m, w, locals, ctx));
      else tasks.push(newUserTask(m, w, locals, ctx));
    }
  } catch (err) {
    if (err instanceof FeelError) return null; // an incident: the locked path writes it
    throw err;
  }
  return { jobs, tasks };
}

/**
 * The one statement of a step written without a transaction (fastJobStep, fastCommandStep).
 * Parameters: stepWriteParams, then $38: the job it completes, or the hand-off command it
 * applies. The instance row changes only at the revision the step was computed from, while
 * still active, with exactly the expected hand-off commands waiting (none, or the one applied);
 * a completed job must still be activated; a step that ends the instance needs nothing else
 * open (what closeAll would close). Otherwise nothing is written (n = 0).
 *
 * Unless `flush`, the statement commits without waiting for its WAL flush (synchronous_commit
 * off, for this statement only). Such a step is replayable: its input is durable before it runs
 * (the activated job; the command row, committed by its caller), so if a crash of the database
 * server's machine loses it (PostgreSQL loses at most the last few hundred milliseconds, never
 * part of a transaction, and only after every earlier flushed commit), the job's lease expires
 * and it runs again (at least once, as for any worker crash), or the command is swept up and
 * applied again. Waiting for the flush would make every step wait its turn at the disk.
 */
function fastStepSql(subject: 'job' | 'command', end: boolean, flush: boolean): string {
  const job = subject === 'job';
  return `WITH upd AS (
       UPDATE engine.instances SET snapshot = $2, variables = $3, rev = rev + 1,
         state = $4, ended_at = $5, scopes = $7, owner = $15
       WHERE key = $1 AND rev = $6 AND state = 'ACTIVE'
         AND ${
           job
             ? `NOT EXISTS (SELECT 1 FROM engine.step_commands WHERE instance_key = $1)
         AND EXISTS (SELECT 1 FROM engine.jobs WHERE key = $38 AND state = 'activated')`
             : `(SELECT array_agg(id) FROM engine.step_commands WHERE instance_key = $1)
               = ARRAY[$38::bigint]`
         }${
           end
             ? `
         AND NOT EXISTS (SELECT 1 FROM engine.jobs WHERE instance_key = $1
           AND state IN ('activatable', 'activated', 'failed')${job ? ' AND key <> $38' : ''})
         AND NOT EXISTS (SELECT 1 FROM engine.user_tasks WHERE instance_key = $1 AND state = 'CREATED')
         AND NOT EXISTS (SELECT 1 FROM engine.message_subscriptions
           WHERE instance_key = $1 AND state = 'open')
         AND NOT EXISTS (SELECT 1 FROM engine.timers WHERE instance_key = $1 AND state = 'armed')
         AND NOT EXISTS (SELECT 1 FROM engine.incidents WHERE instance_key = $1 AND state = 'active')
         AND NOT EXISTS (SELECT 1 FROM engine.instances c
           WHERE c.parent_instance_key = $1 AND c.state = 'ACTIVE')`
             : ''
         }
       RETURNING key),${
         job
           ? `
     closed AS (
       UPDATE engine.jobs SET state = 'completed'
       WHERE key = $38 AND instance_key = $1 AND state = 'activated'
         AND EXISTS (SELECT 1 FROM upd)
       RETURNING 1),`
           : ''
       }${
         end
           ? `
     term AS (
       UPDATE engine.history SET state = 'TERMINATED', ended_at = $8
       WHERE instance_key = $1 AND state = 'ACTIVE'
         AND NOT (execution_id = ANY($9::text[]) OR execution_id = ANY($13::text[]))
         AND EXISTS (SELECT 1 FROM upd)),`
           : ''
       }
     ${STEP_WRITES}
     SELECT ${flush ? '' : `set_config('synchronous_commit', 'off', true) AS async, `}
       (SELECT count(*) FROM upd) AS n, ${STEP_NOTIFIES}${
         job
           ? `,
       CASE WHEN (SELECT count(*) FROM upd) > 0 THEN 1 / (SELECT count(*) FROM closed)
       END AS closed_with_step`
           : ''
       }`;
}

/** Writes a step computed in memory in one statement (fastStepSql); true if it was written. */
async function writeFastStep(
  pool: pg.Pool,
  rt: RuntimeContext,
  row: LockedInstance,
  subject: { job: string } | { command: string },
  computed: Computed,
  plan: { jobs: NewJob[]; tasks: NewUserTask[] },
): Promise<boolean> {
  const { outcome, vars, scopes, live } = computed;
  const isJob = 'job' in subject;
  const instanceKey = String(row.key);
  const written = outcome.completed ? null : rt.caches.live.writing(instanceKey);
  try {
    const res = await pool.query<StepResult>(
      prepared(fastStepSql(isJob ? 'job' : 'command', outcome.completed, !!rt.flushReplayable), [
        ...stepWriteParams(rt, row, outcome, vars, scopes, rt.clock.now(), plan.jobs, plan.tasks, [
          ...('command' in subject ? [subject.command] : []),
        ]),
        isJob ? subject.job : subject.command,
      ]),
    );
    if (Number(res.rows[0]?.n ?? 0) !== 1) return false;
    if (!outcome.completed) {
      rt.caches.live.put(instanceKey, row.rev + 1, live, liveState(row, vars, scopes, outcome));
    }
    stepNotices(rt, res.rows[0]!);
    return true;
  } finally {
    written?.();
  }
}

/**
 * A job's completion in the process that ran its instance's last step and still holds the live
 * execution and state of that revision: the step runs in memory first. When all it does is
 * close the job and create jobs and user tasks (or end the instance), it is written in ONE
 * statement, without a transaction's round trips or a lock read (fastStepSql), and a job
 * closed meanwhile aborts the statement. Returns 'done'; or the computed step, for the locked
 * path to write if the revision still holds there; or null: run the locked path from the start.
 */
export async function fastJobStep(
  pool: pg.Pool,
  rt: RuntimeContext,
  job: {
    key: string;
    instanceKey: string;
    executionId: string;
    elementId: string;
    locals: Variables;
    scopeId: string | null;
  },
  variables: Variables,
): Promise<'done' | Computed | null> {
  await rt.caches.live.settled(job.instanceKey); // the step that created the job, if still here
  const state = rt.caches.live.stateOf(job.instanceKey);
  if (!state) return null;
  const row = state.row;
  const def = await loadDefinition(pool, rt, String(row.definition_key));
  let computed: Computed;
  try {
    computed = await compute(pool, rt, row, def, {
      action: { kind: 'signal', executionId: job.executionId },
      completion: {
        elementId: job.elementId,
        locals: job.locals,
        result: variables,
        scopeId: job.scopeId,
      },
    });
  } catch (err) {
    if (err instanceof StepFailure) return null; // the locked path records the incident
    throw err;
  }
  const { outcome, vars, scopes } = computed;
  const plan = simplePlan(def, row, outcome, vars, scopes, state.open, job.executionId);
  if (!plan) return computed;
  try {
    return (await writeFastStep(pool, rt, row, { job: job.key }, computed, plan)) ? 'done' : null;
  } catch (err) {
    // division by zero: the job was closed by someone else while the step ran; nothing written
    if ((err as { code?: string }).code === '22012') return null;
    throw err;
  }
}

/**
 * A hand-off command (a start, a user task's completion) applied by the serving process it was
 * handed to, without a transaction: the input is the state this process's own last step left
 * (a completion's command travels in the notice) or one unlocked read of the row and its
 * commands; the step runs in memory and, when simple (simplePlan), is written in one statement
 * that also deletes the command and answers its caller (fastStepSql). Returns 'done'; or the
 * computed step, for the locked path to reuse if it still holds there; or null.
 */
export async function fastCommandStep(
  pool: pg.Pool,
  rt: RuntimeContext,
  cmd: { id: string; instanceKey: string; pending?: Pending },
): Promise<'done' | Computed | null> {
  await rt.caches.live.settled(cmd.instanceKey);
  const state = cmd.pending ? rt.caches.live.stateOf(cmd.instanceKey) : null;
  let row: LockedInstance;
  let open: Set<string>;
  let pending: Pending;
  if (state && cmd.pending) {
    row = state.row;
    open = state.open;
    pending = cmd.pending;
  } else {
    const { rows } = await pool.query<LockedInstance>(
      prepared(`SELECT ${LOCKED_COLUMNS} FROM engine.instances i WHERE i.key = $1`, [
        cmd.instanceKey,
        rt.caches.live.revOf(cmd.instanceKey) ?? -1,
        -1,
      ]),
    );
    const found = rows[0];
    // applied already, or other commands first: the locked path keeps the order
    if (!found || found.queued?.length !== 1 || found.queued[0]!.id !== cmd.id) return null;
    row = found;
    open = new Set((found.open ?? []).map((o) => o.execution_id));
    pending = found.queued[0]!.pending;
  }
  if (row.state !== 'ACTIVE') return null;
  const def = await loadDefinition(pool, rt, String(row.definition_key));
  let computed: Computed;
  try {
    computed = await compute(pool, rt, row, def, pending);
  } catch (err) {
    if (err instanceof StepFailure) return null;
    throw err;
  }
  const closed = pending.action.kind === 'signal' ? pending.action.executionId : null;
  const plan = simplePlan(def, row, computed.outcome, computed.vars, computed.scopes, open, closed);
  if (!plan) return computed;
  return (await writeFastStep(pool, rt, row, { command: cmd.id }, computed, plan))
    ? 'done'
    : computed;
}

/** A user task of a step, as the port shows it once written, plus what only the runtime keeps. */
type NewUserTask = Pick<
  UserTask,
  | 'elementId'
  | 'name'
  | 'assignee'
  | 'candidateGroups'
  | 'candidateUsers'
  | 'dueDate'
  | 'followUpDate'
  | 'priority'
  | 'formId'
> & { executionId: string; locals: Variables; scopeId: string | null };

/** A user task of this step (written with the instance, in persist). */
function newUserTask(m: ElementMeta, w: Wait, locals: Variables, ctx: Variables): NewUserTask {
  const u = m.userTask ?? {};
  const val = (v: string | undefined) =>
    v === undefined ? null : isFeel(v) ? evalFeel(v, ctx) : v;
  const priorityRaw = val(u.priority);
  const priority = priorityRaw === null ? 50 : Number(priorityRaw);
  if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
    throw new FeelError(u.priority ?? '', `priority must be an integer 0..100`);
  }
  const assignee = val(u.assignee);
  return {
    elementId: m.id,
    executionId: w.executionId,
    name: m.name ?? null,
    assignee: assignee === null ? null : String(assignee),
    candidateGroups: toList(val(u.candidateGroups)),
    candidateUsers: toList(val(u.candidateUsers)),
    dueDate: toDate(val(u.dueDate), 'dueDate'),
    followUpDate: toDate(val(u.followUpDate), 'followUpDate'),
    priority,
    formId: u.formId ?? null,
    locals,
    scopeId: w.scopeId,
  };
}
