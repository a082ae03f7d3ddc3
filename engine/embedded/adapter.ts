// The embedded adapter: implements the engine port on PostgreSQL + bpmn-engine.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { duration as feelDuration } from '@bpmn-io/feelin';
import { evalFeel, isFeel } from './feel';
import {
  DeployRejectedError,
  EngineCommandError,
  type ActivateJobsRequest,
  type DeployedForm,
  type DeployedProcess,
  type DeployProblem,
  type DeployResource,
  type DeployResult,
  type Engine,
  type HistoryEntry,
  type Incident,
  type Job,
  type JobActionAcknowledgement,
  type JobFailure,
  type ListInstancesQuery,
  type ProcessInstance,
  type PublishMessageRequest,
  type PublishMessageResult,
  type StartedInstance,
  type StartInstanceRequest,
  type UserTask,
  type UserTaskChange,
  type UserTaskPage,
  type UserTaskPageQuery,
  type UserTaskQuery,
  type UserTaskSummary,
  type Variables,
} from '../port';
import {
  prepared,
  withTx,
  type Client,
  type IncidentRow,
  type JobRow,
  type UserTaskRow,
} from './db';
import { parseModel, sha256, type ParsedModel } from './model';
import { migrateEngine } from './migrate';
import {
  advance,
  cancelTree,
  contextFor,
  createCaches,
  completeJobStep,
  createInstance,
  fastCommandStep,
  fastJobStep,
  JOBS_CHANNEL,
  loadDefinition,
  sendNotices,
  STEPS_CHANNEL,
  type TaskNoticeRow,
  USER_TASKS_CHANNEL,
  userTaskNotice,
  systemClock,
  type Clock,
  type Computed,
  type Pending,
  type RuntimeContext,
  type Scopes,
} from './runtime';

const ACK = { __ack: 'JOB_ACTION_ACKNOWLEDGEMENT' } as JobActionAcknowledgement;
/** A command longer than this is read from its row (a notice holds at most 8000 bytes). */
const NOTICE_COMMAND_MAX_BYTES = 7000;
/** A serving process's LISTEN connection carries this prefix in its application_name. */
const EXECUTOR_PREFIX = 'engine-exec:';
/** A job created by one serving process's step is left to that process this long. */
const JOB_AFFINITY_MS = 200;

export interface EmbeddedEngineOptions {
  pool: pg.Pool;
  /** Connection string for the LISTEN connection (defaults to the pool's own settings). */
  connectionString?: string;
  clock?: Clock;
  /** Run the timer scheduler in this process (the worker process does). */
  runScheduler?: boolean;
  schedulerIntervalMs?: number;
  /** Apply the engine migrations on first use (default true). */
  migrate?: boolean;
  /** End the pool on close() (when the engine created it). */
  ownsPool?: boolean;
  /**
   * Serve steps (the worker process): keep the live executions of the instances this process
   * advances and run the steps other processes hand to it (see "step hand-off" below).
   */
  serveSteps?: boolean;
  /**
   * Wait for the WAL flush of every step (default false). A job's completion or a handed-off
   * command written by its fast path is replayed after a crash of the database server's machine
   * if its commit was lost (runtime.ts, fastStepSql), so by default it does not wait for it.
   */
  flushReplayableSteps?: boolean;
  /** How long a hand-off waits for the serving process before running the step itself. */
  handoffTimeoutMs?: number;
}

function forbidden(code: EngineCommandError['code'], message: string): never {
  throw new EngineCommandError(code, message);
}

export class EmbeddedEngine implements Engine {
  readonly pool: pg.Pool;
  readonly clock: Clock;
  private ready: Promise<void> | null = null;
  private listenClient: pg.Client | null = null;
  private listenReady: Promise<void> | null = null;
  /** Long-polling activations waiting for a job type to be announced. */
  private waiters = new Map<string, Set<() => void>>();
  private notifySeq = new Map<string, number>();
  private userTaskListeners = new Set<(change: UserTaskChange) => void>();
  private relistenTimer: NodeJS.Timeout | null = null;
  private readonly caches = createCaches();
  private schedulerTimer: NodeJS.Timeout | null = null;
  private schedulerRunning: Promise<void> | null = null;
  private closed = false;
  /** This process's name as a serving process (null: it does not serve steps). */
  readonly executorId: string | null;
  /** Hand-offs this process waits for, by command id. */
  private commandWaiters = new Map<string, (outcome: 'done' | 'fail') => void>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<unknown>>();
  /** Instances of the jobs this process activated (a job's step may reuse the live execution). */
  private readonly activatedHere = new Map<
    string,
    {
      instanceKey: string;
      executionId: string;
      elementId: string;
      locals: Variables;
      scopeId: string | null;
    }
  >();

  constructor(private readonly opts: EmbeddedEngineOptions) {
    this.pool = opts.pool;
    this.clock = opts.clock ?? systemClock;
    this.executorId = opts.serveSteps
      ? `${EXECUTOR_PREFIX}${process.pid}:${randomBytes(6).toString('hex')}`
      : null;
    if (opts.runScheduler) this.startScheduler(opts.schedulerIntervalMs ?? 500);
    if (this.executorId) this.startServing();
  }

  private init(): Promise<void> {
    if (this.opts.migrate === false) return Promise.resolve();
    this.ready ??= migrateEngine(this.pool);
    return this.ready;
  }

  private newRt(): RuntimeContext {
    return {
      clock: this.clock,
      afterCommit: [],
      afterEnd: [],
      notices: [],
      flushReplayable: this.opts.flushReplayableSteps ?? false,
      caches: this.caches,
      recheckMessages: [],
      owner: this.executorId,
    };
  }

  /** The notices of committed steps (runtime.ts, sendNotices); a lost one is only a hint. */
  private async sendNotices(rt: RuntimeContext): Promise<void> {
    const notices = rt.notices.splice(0);
    if (notices.length) await sendNotices(this.pool, notices).catch(() => undefined);
  }

  private async tx<T>(fn: (c: Client, rt: RuntimeContext) => Promise<T>): Promise<T> {
    await this.init();
    const rt = this.newRt();
    let result: T;
    try {
      result = await withTx(this.pool, (c) => fn(c, rt));
      for (const hook of rt.afterCommit) hook();
    } finally {
      for (const end of rt.afterEnd ?? []) end();
    }
    await this.sendNotices(rt);
    for (const m of rt.recheckMessages ?? [])
      await this.correlateBuffered(m.name, m.correlationKey);
    return result;
  }

  /**
   * Correlates a buffered message with an open subscription of the same name and key, if both
   * exist now (the second look after a commit; see RuntimeContext.recheckMessages). Locks the
   * instance first, like every step, then the subscription and the message.
   */
  private async correlateBuffered(name: string, correlationKey: string): Promise<void> {
    await this.tx(async (c, rt) => {
      const now = this.clock.now();
      const candidate = await c.query<{ instance_key: string }>(
        `SELECT instance_key FROM engine.message_subscriptions
         WHERE message_name = $1 AND correlation_key = $2 AND state = 'open' ORDER BY key LIMIT 1`,
        [name, correlationKey],
      );
      const instanceKey = candidate.rows[0]?.instance_key;
      if (!instanceKey) return;
      await c.query('SELECT 1 FROM engine.instances WHERE key = $1 FOR UPDATE', [instanceKey]);
      const sub = await c.query<{
        element_id: string;
        execution_id: string;
        scope_id: string | null;
      }>(
        `SELECT element_id, execution_id, scope_id FROM engine.message_subscriptions
         WHERE instance_key = $1 AND message_name = $2 AND correlation_key = $3 AND state = 'open'
         ORDER BY key LIMIT 1 FOR UPDATE`,
        [instanceKey, name, correlationKey],
      );
      const s = sub.rows[0];
      if (!s) return;
      const msg = await c.query<{ key: string; variables: Variables }>(
        `SELECT key, variables FROM engine.messages
         WHERE name = $1 AND correlation_key = $2 AND state = 'buffered' AND expires_at > $3
         ORDER BY key LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [name, correlationKey, now],
      );
      const m = msg.rows[0];
      if (!m) return;
      await c.query(`UPDATE engine.messages SET state = 'correlated' WHERE key = $1`, [m.key]);
      await c.query(
        `UPDATE engine.message_subscriptions SET state = 'correlated'
         WHERE instance_key = $1 AND execution_id = $2`,
        [instanceKey, s.execution_id],
      );
      await advance(c, rt, String(instanceKey), {
        action: { kind: 'signal', executionId: s.execution_id },
        completion: {
          elementId: s.element_id,
          locals: {},
          result: m.variables,
          scopeId: s.scope_id,
        },
      });
    });
  }

  private rt(rt: RuntimeContext) {
    return rt;
  }

  // ---------------------------------------------------------------- deploy

  async deploy(resources: DeployResource[]): Promise<DeployResult> {
    await this.init();
    const problems: DeployProblem[] = [];
    const models: { name: string; xml: string; model: ParsedModel }[] = [];
    const forms: { name: string; formId: string; schema: unknown; hash: string }[] = [];
    for (const r of resources) {
      if (r.name.endsWith('.form')) {
        let schema: { id?: unknown } | null = null;
        try {
          schema = JSON.parse(r.content) as { id?: unknown };
        } catch (err) {
          problems.push({
            resourceName: r.name,
            elementId: null,
            rule: 'form',
            message: `not JSON: ${(err as Error).message}`,
          });
          continue;
        }
        if (typeof schema?.id !== 'string' || !schema.id) {
          problems.push({
            resourceName: r.name,
            elementId: null,
            rule: 'form',
            message: 'form has no id',
          });
          continue;
        }
        forms.push({ name: r.name, formId: schema.id, schema, hash: sha256(r.content) });
      } else if (r.name.endsWith('.bpmn')) {
        const res = await parseModel(r.name, r.content);
        problems.push(...res.problems);
        if (res.model) models.push({ name: r.name, xml: r.content, model: res.model });
      } else {
        problems.push({
          resourceName: r.name,
          elementId: null,
          rule: 'resource',
          message: 'only .bpmn and .form resources can be deployed',
        });
      }
    }
    if (problems.length) throw new DeployRejectedError(problems);

    return this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(7340123882)');
      const outForms: DeployedForm[] = [];
      for (const f of forms) {
        const existing = await c.query<{ key: string; version: number }>(
          'SELECT key, version FROM engine.forms WHERE form_id = $1 AND content_hash = $2',
          [f.formId, f.hash],
        );
        const e = existing.rows[0];
        if (e) {
          outForms.push({
            formId: f.formId,
            version: e.version,
            formKey: String(e.key),
            isNew: false,
          });
          continue;
        }
        const ins = await c.query<{ key: string; version: number }>(
          `INSERT INTO engine.forms (form_id, version, content_hash, schema)
           SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3 FROM engine.forms WHERE form_id = $1
           RETURNING key, version`,
          [f.formId, f.hash, JSON.stringify(f.schema)],
        );
        const n = ins.rows[0]!;
        outForms.push({
          formId: f.formId,
          version: n.version,
          formKey: String(n.key),
          isNew: true,
        });
      }
      const outProcesses: DeployedProcess[] = [];
      for (const { name, xml, model } of models) {
        const existing = await c.query<{ key: string; version: number }>(
          'SELECT key, version FROM engine.process_definitions WHERE bpmn_process_id = $1 AND content_hash = $2',
          [model.bpmnProcessId, model.hash],
        );
        const e = existing.rows[0];
        if (e) {
          outProcesses.push({
            bpmnProcessId: model.bpmnProcessId,
            version: e.version,
            processDefinitionKey: String(e.key),
            resourceName: name,
            isNew: false,
          });
          continue;
        }
        const ins = await c.query<{ key: string; version: number }>(
          `INSERT INTO engine.process_definitions
             (bpmn_process_id, version, resource_name, content_hash, xml, source_context, meta)
           SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6
           FROM engine.process_definitions WHERE bpmn_process_id = $1
           RETURNING key, version`,
          [
            model.bpmnProcessId,
            name,
            model.hash,
            xml,
            JSON.stringify(model.serializedContext),
            JSON.stringify(model.meta),
          ],
        );
        const n = ins.rows[0]!;
        const defKey = String(n.key);
        // Start timers belong to the latest version only.
        await c.query(
          `UPDATE engine.timers SET state = 'canceled'
           WHERE state = 'armed' AND instance_key IS NULL AND definition_key IN
             (SELECT key FROM engine.process_definitions WHERE bpmn_process_id = $1 AND key <> $2)`,
          [model.bpmnProcessId, defKey],
        );
        for (const ts of model.meta.timerStarts) {
          const timer = model.meta.elements[ts.elementId]?.timer;
          const due = timer ? nextDue(timer, this.clock.now()) : null;
          if (!due) continue;
          await c.query(
            `INSERT INTO engine.timers (definition_key, element_id, execution_id, due_at, state, created_at)
             VALUES ($1, $2, $3, $4, 'armed', $5)`,
            [defKey, ts.elementId, `start:${ts.elementId}:1`, due, this.clock.now()],
          );
        }
        outProcesses.push({
          bpmnProcessId: model.bpmnProcessId,
          version: n.version,
          processDefinitionKey: defKey,
          resourceName: name,
          isNew: true,
        });
      }
      return { processes: outProcesses, forms: outForms };
    });
  }

  // ---------------------------------------------------------------- instances

  private async createInstance(
    c: Client,
    rt: RuntimeContext,
    defKey: string,
    businessKey: string | null,
    variables: Variables,
    startElementId?: string,
  ): Promise<StartedInstance> {
    const { key, def } = await createInstance(
      c,
      rt,
      defKey,
      businessKey,
      variables,
      startElementId,
    );
    return { processInstanceKey: key, bpmnProcessId: def.bpmnProcessId, version: def.version };
  }

  async startInstance(req: StartInstanceRequest): Promise<StartedInstance> {
    return this.withHandoff(async (c, notify, handoff) => {
      const { rows } = await c.query<{ key: string }>(
        `SELECT key FROM engine.process_definitions WHERE bpmn_process_id = $1
           AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
        [req.bpmnProcessId, req.version ?? null],
      );
      const row = rows[0];
      if (!row) {
        forbidden(
          'NOT_FOUND',
          `process ${req.bpmnProcessId}${req.version ? ` version ${req.version}` : ''} not deployed`,
        );
      }
      const def = await loadDefinition(c, { caches: this.caches }, String(row.key));
      if (!def.meta.hasNoneStart) {
        forbidden('INVALID_ARGUMENT', `process ${req.bpmnProcessId} has no none start event`);
      }
      if (handoff) {
        // A serving process (any one that is connected) runs the first step and keeps the live
        // execution for the next: the instance row and the command in one statement.
        const now = this.clock.now();
        const { rows: handed } = await c.query<{ id: string; key: string; owner: string }>(
          `WITH ex AS (
             SELECT application_name AS name FROM pg_stat_activity
             WHERE datname = current_database() AND starts_with(application_name, $7)
             ORDER BY random() LIMIT 1),
           ins AS (
             INSERT INTO engine.instances (definition_key, bpmn_process_id, version, business_key,
               state, variables, started_at)
             SELECT $1, $2, $3, $4, 'ACTIVE', $5, $6 FROM ex RETURNING key),
           cmd AS (
             INSERT INTO engine.step_commands (instance_key, owner, pending, created_at)
             SELECT ins.key, ex.name, $8, $6 FROM ins, ex RETURNING id, instance_key, owner)
           SELECT id::text, instance_key::text AS key, owner FROM cmd`,
          [
            row.key,
            def.bpmnProcessId,
            def.version,
            req.businessKey ?? null,
            JSON.stringify(req.variables ?? {}),
            now,
            EXECUTOR_PREFIX,
            JSON.stringify({ action: { kind: 'start' }, completion: null } satisfies Pending),
          ],
        );
        const h = handed[0];
        if (h) {
          handoff.expect(h.id, h.key, `run:${h.owner} ${h.id} ${h.key}`);
          return {
            processInstanceKey: h.key,
            bpmnProcessId: def.bpmnProcessId,
            version: def.version,
          };
        }
      }
      return this.createInstance(
        c,
        notify,
        String(row.key),
        req.businessKey ?? null,
        req.variables ?? {},
      );
    });
  }

  async cancelInstance(processInstanceKey: string): Promise<void> {
    await this.tx(async (c, rt) => {
      const { rows } = await c.query<{ state: string }>(
        'SELECT state FROM engine.instances WHERE key = $1 FOR UPDATE',
        [processInstanceKey],
      );
      const row = rows[0];
      if (!row) forbidden('NOT_FOUND', `instance ${processInstanceKey} not found`);
      if (row.state !== 'ACTIVE') forbidden('INVALID_STATE', `instance is ${row.state}`);
      await cancelTree(c, processInstanceKey, this.clock.now(), rt.notices);
    });
  }

  async getInstance(processInstanceKey: string): Promise<ProcessInstance> {
    const list = await this.queryInstances('i.key = $1', [processInstanceKey], 1);
    const inst = list[0];
    if (!inst) forbidden('NOT_FOUND', `instance ${processInstanceKey} not found`);
    return inst;
  }

  async listInstances(q: ListInstancesQuery = {}): Promise<ProcessInstance[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.bpmnProcessId) add('i.bpmn_process_id = ?', q.bpmnProcessId);
    if (q.businessKey) add('i.business_key = ?', q.businessKey);
    if (q.state) add('i.state = ?', q.state);
    return this.queryInstances(where.join(' AND ') || 'true', params, q.limit ?? 1000);
  }

  private async queryInstances(where: string, params: unknown[], limit: number) {
    await this.init();
    const { rows } = await this.pool.query<{
      key: string;
      bpmn_process_id: string;
      version: number;
      definition_key: string;
      parent_instance_key: string | null;
      business_key: string | null;
      state: ProcessInstance['state'];
      has_incident: boolean;
      started_at: Date;
      ended_at: Date | null;
    }>(
      `SELECT i.key, i.bpmn_process_id, i.version, i.definition_key, i.parent_instance_key,
         i.business_key, i.state, i.started_at, i.ended_at,
         EXISTS (SELECT 1 FROM engine.incidents n WHERE n.instance_key = i.key AND n.state = 'active')
           AS has_incident
       FROM engine.instances i WHERE ${where} ORDER BY i.key LIMIT ${Math.max(1, Math.floor(limit))}`,
      params,
    );
    return rows.map((r) => ({
      processInstanceKey: String(r.key),
      bpmnProcessId: r.bpmn_process_id,
      version: r.version,
      processDefinitionKey: String(r.definition_key),
      parentProcessInstanceKey:
        r.parent_instance_key === null ? null : String(r.parent_instance_key),
      businessKey: r.business_key,
      state: r.state,
      hasIncident: r.has_incident,
      startedAt: r.started_at,
      endedAt: r.ended_at,
    }));
  }

  async getProcessDefinitionXml(processDefinitionKey: string): Promise<string> {
    await this.init();
    const { rows } = await this.pool.query<{ xml: string }>(
      'SELECT xml FROM engine.process_definitions WHERE key = $1',
      [processDefinitionKey],
    );
    if (!rows[0]) forbidden('NOT_FOUND', `process definition ${processDefinitionKey} not found`);
    return rows[0].xml;
  }

  async getHistory(processInstanceKey: string): Promise<HistoryEntry[]> {
    await this.init();
    const { rows } = await this.pool.query<{
      element_id: string;
      element_type: string;
      state: HistoryEntry['state'];
      started_at: Date;
      ended_at: Date | null;
    }>(
      `SELECT element_id, element_type, state, started_at, ended_at FROM engine.history
       WHERE instance_key = $1 ORDER BY id`,
      [processInstanceKey],
    );
    return rows.map((r) => ({
      elementId: r.element_id,
      elementType: r.element_type,
      state: r.state,
      startedAt: r.started_at,
      endedAt: r.ended_at,
    }));
  }

  async getVariables(processInstanceKey: string): Promise<Variables> {
    await this.init();
    const { rows } = await this.pool.query<{ variables: Variables }>(
      'SELECT variables FROM engine.instances WHERE key = $1',
      [processInstanceKey],
    );
    if (!rows[0]) forbidden('NOT_FOUND', `instance ${processInstanceKey} not found`);
    return rows[0].variables;
  }

  async setVariables(processInstanceKey: string, variables: Variables): Promise<void> {
    await this.tx(async (c) => {
      const res = await c.query(
        `UPDATE engine.instances SET variables = variables || $2::jsonb, rev = rev + 1
         WHERE key = $1 AND state = 'ACTIVE'`,
        [processInstanceKey, JSON.stringify(variables)],
      );
      if (res.rowCount !== 1)
        forbidden('NOT_FOUND', `active instance ${processInstanceKey} not found`);
    });
  }

  // ---------------------------------------------------------------- incidents

  async listIncidents(q: { processInstanceKey?: string; state?: Incident['state'] } = {}) {
    await this.init();
    const { rows } = await this.pool.query<IncidentRow>(
      `SELECT * FROM engine.incidents WHERE ($1::bigint IS NULL OR instance_key = $1)
         AND ($2::text IS NULL OR state = $2) ORDER BY key`,
      [q.processInstanceKey ?? null, q.state ? q.state.toLowerCase() : null],
    );
    return rows.map((r): Incident => ({
      incidentKey: String(r.key),
      processInstanceKey: String(r.instance_key),
      elementId: r.element_id,
      jobKey: r.job_key === null ? null : String(r.job_key),
      type: r.type,
      message: r.message,
      state: r.state === 'active' ? 'ACTIVE' : 'RESOLVED',
      createdAt: r.created_at,
    }));
  }

  async resolveIncident(
    incidentKey: string,
    options: { retries?: number; variables?: Variables } = {},
  ): Promise<void> {
    await this.tx(async (c, notify) => {
      const found = await c.query<IncidentRow>('SELECT * FROM engine.incidents WHERE key = $1', [
        incidentKey,
      ]);
      const inc0 = found.rows[0];
      if (!inc0) forbidden('NOT_FOUND', `incident ${incidentKey} not found`);
      await c.query('SELECT 1 FROM engine.instances WHERE key = $1 FOR UPDATE', [
        inc0.instance_key,
      ]);
      const locked = await c.query<IncidentRow>(
        'SELECT * FROM engine.incidents WHERE key = $1 FOR UPDATE',
        [incidentKey],
      );
      const inc = locked.rows[0]!;
      if (inc.state !== 'active') forbidden('INVALID_STATE', 'incident is already resolved');
      if (options.variables) {
        await c.query(
          `UPDATE engine.instances SET variables = variables || $2::jsonb, rev = rev + 1
           WHERE key = $1`,
          [inc.instance_key, JSON.stringify(options.variables)],
        );
      }
      await c.query(
        `UPDATE engine.incidents SET state = 'resolved', resolved_at = $2 WHERE key = $1`,
        [incidentKey, this.clock.now()],
      );
      const rt = this.rt(notify);
      if (inc.job_key !== null) {
        const job = await c.query<{ type: string }>(
          `UPDATE engine.jobs SET state = 'activatable', retries = $2, retry_at = NULL, worker = NULL,
             deadline = NULL
           WHERE key = $1 AND state = 'failed' RETURNING type`,
          [inc.job_key, Math.max(1, options.retries ?? 1)],
        );
        if (job.rows[0]) notify.notices.push([JOBS_CHANNEL, job.rows[0].type]);
      } else if (inc.pending) {
        await advance(c, rt, String(inc.instance_key), inc.pending as Pending);
      } else {
        await advance(c, rt, String(inc.instance_key), {
          action: { kind: 'resume' },
          completion: null,
        });
      }
    });
  }

  // ---------------------------------------------------------------- messages

  async publishMessage(req: PublishMessageRequest): Promise<PublishMessageResult> {
    return this.tx(async (c, notify) => {
      const now = this.clock.now();
      const ttl = Math.max(0, req.timeToLiveMs ?? 0);
      const vars = req.variables ?? {};
      const ins = await c.query<{ key: string }>(
        `INSERT INTO engine.messages (name, correlation_key, message_id, variables, expires_at, state,
           created_at)
         VALUES ($1, $2, $3, $4, $5, 'buffered', $6) ON CONFLICT DO NOTHING RETURNING key`,
        [
          req.name,
          req.correlationKey,
          req.messageId ?? null,
          JSON.stringify(vars),
          new Date(now.getTime() + ttl),
          now,
        ],
      );
      const msgKey = ins.rows[0]?.key;
      if (!msgKey) return { messageKey: null, accepted: false };
      const rt = this.rt(notify);
      let correlated = false;

      const sub = await c.query<{
        instance_key: string;
        element_id: string;
        execution_id: string;
        scope_id: string | null;
      }>(
        `SELECT instance_key, element_id, execution_id, scope_id FROM engine.message_subscriptions
         WHERE message_name = $1 AND correlation_key = $2 AND state = 'open'
         ORDER BY key LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [req.name, req.correlationKey],
      );
      const s = sub.rows[0];
      if (!s && ttl > 0)
        rt.recheckMessages?.push({ name: req.name, correlationKey: req.correlationKey });
      if (s) {
        correlated = true;
        await c.query(
          `UPDATE engine.message_subscriptions SET state = 'correlated'
           WHERE instance_key = $1 AND execution_id = $2`,
          [s.instance_key, s.execution_id],
        );
        await advance(c, rt, String(s.instance_key), {
          action: { kind: 'signal', executionId: s.execution_id },
          completion: { elementId: s.element_id, locals: {}, result: vars, scopeId: s.scope_id },
        });
      }

      // Message start events of the latest version of every process.
      const starts = await c.query<{ key: string; element_id: string }>(
        `SELECT d.key, ms->>'elementId' AS element_id
         FROM engine.process_definitions d
         CROSS JOIN LATERAL jsonb_array_elements(d.meta->'messageStarts') ms
         WHERE ms->>'messageName' = $1
           AND d.version = (SELECT MAX(version) FROM engine.process_definitions x
                            WHERE x.bpmn_process_id = d.bpmn_process_id)`,
        [req.name],
      );
      for (const st of starts.rows) {
        correlated = true;
        await this.createInstance(
          c,
          notify,
          String(st.key),
          req.correlationKey || null,
          vars,
          st.element_id,
        );
      }
      if (correlated || ttl === 0) {
        await c.query(`UPDATE engine.messages SET state = $2 WHERE key = $1`, [
          msgKey,
          correlated ? 'correlated' : 'expired',
        ]);
      }
      return { messageKey: String(msgKey), accepted: true };
    });
  }

  // ---------------------------------------------------------------- user tasks

  async searchUserTasks(q: UserTaskQuery): Promise<UserTask[]> {
    await this.init();
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    where.push(`t.state = ${p(q.state ?? 'CREATED')}`);
    if (q.assignee) where.push(`t.assignee = ${p(q.assignee)}`);
    if (q.candidateGroups?.length) where.push(`t.candidate_groups && ${p(q.candidateGroups)}`);
    if (q.candidateUser) where.push(`${p(q.candidateUser)} = ANY(t.candidate_users)`);
    if (q.bpmnProcessId) where.push(`t.bpmn_process_id = ${p(q.bpmnProcessId)}`);
    if (q.processInstanceKey) where.push(`t.instance_key = ${p(q.processInstanceKey)}`);
    if (q.businessKey) where.push(`t.business_key = ${p(q.businessKey)}`);
    if (q.elementId) where.push(`t.element_id = ${p(q.elementId)}`);
    if (q.due?.from) where.push(`t.due_date >= ${p(q.due.from)}`);
    if (q.due?.to) where.push(`t.due_date <= ${p(q.due.to)}`);
    if (q.followUp?.from) where.push(`t.follow_up_date >= ${p(q.followUp.from)}`);
    if (q.followUp?.to) where.push(`t.follow_up_date <= ${p(q.followUp.to)}`);
    if (q.variables && Object.keys(q.variables).length) {
      where.push(`i.variables @> ${p(JSON.stringify(q.variables))}::jsonb`);
    }
    return this.queryTasks(where.join(' AND '), params, q.limit ?? 200);
  }

  private async queryTasks(where: string, params: unknown[], limit: number) {
    const { rows } = await this.pool.query<
      UserTaskRow & { variables: Variables; form_schema: unknown }
    >(
      `SELECT t.*, i.variables,
         (SELECT f.schema FROM engine.forms f WHERE f.form_id = t.form_id
           ORDER BY f.version DESC LIMIT 1) AS form_schema
       FROM engine.user_tasks t JOIN engine.instances i ON i.key = t.instance_key
       WHERE ${where} ORDER BY t.priority DESC, t.key LIMIT ${Math.max(1, Math.floor(limit))}`,
      params,
    );
    return rows.map((r): UserTask => ({
      userTaskKey: String(r.key),
      processInstanceKey: String(r.instance_key),
      bpmnProcessId: r.bpmn_process_id,
      businessKey: r.business_key,
      elementId: r.element_id,
      name: r.name,
      state: r.state,
      assignee: r.assignee,
      candidateGroups: r.candidate_groups,
      candidateUsers: r.candidate_users,
      dueDate: r.due_date,
      followUpDate: r.follow_up_date,
      priority: r.priority,
      formId: r.form_id,
      form: r.form_schema ?? null,
      variables: { ...r.variables, ...r.local_variables },
      createdAt: r.created_at,
      completedAt: r.completed_at,
    }));
  }

  async searchUserTaskPage(q: UserTaskPageQuery): Promise<UserTaskPage> {
    await this.init();
    if (q.after && q.before) forbidden('INVALID_ARGUMENT', 'give either after or before');
    const sort = q.sort ?? 'dueDate';
    const limit = Math.min(200, Math.max(1, Math.floor(q.limit ?? 25)));
    const countLimit = Math.max(1, Math.floor(q.countLimit ?? 10_000));
    // An explicit empty group list means "no group": nothing matches.
    if (q.candidateGroups && !q.candidateGroups.length) {
      return { items: [], total: 0, totalCapped: false, next: null, previous: null };
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    where.push(`t.state = ${p(q.state ?? 'CREATED')}`);
    if (q.assignee) where.push(`t.assignee = ${p(q.assignee)}`);
    if (q.assigned === true) where.push('t.assignee IS NOT NULL');
    if (q.assigned === false) where.push('t.assignee IS NULL');
    if (q.candidateGroups) where.push(`t.candidate_groups && ${p(q.candidateGroups)}::text[]`);
    if (q.bpmnProcessId) where.push(`t.bpmn_process_id = ${p(q.bpmnProcessId)}`);
    if (q.elementId) where.push(`t.element_id = ${p(q.elementId)}`);
    if (q.due?.from) where.push(`t.due_date >= ${p(q.due.from)}`);
    if (q.due?.to) where.push(`t.due_date <= ${p(q.due.to)}`);
    if (q.followUp?.from) where.push(`t.follow_up_date >= ${p(q.followUp.from)}`);
    if (q.followUp?.to) where.push(`t.follow_up_date <= ${p(q.followUp.to)}`);
    if (q.variables && Object.keys(q.variables).length) {
      where.push(
        `EXISTS (SELECT 1 FROM engine.instances i WHERE i.key = t.instance_key
           AND i.variables @> ${p(JSON.stringify(q.variables))}::jsonb)`,
      );
    }
    const filterParams = [...params];
    const filter = where.join(' AND ');

    // The sort key matches the expression indexes of sql/002_user_task_queues.sql.
    const due = `COALESCE(t.due_date, 'infinity'::timestamptz)`;
    const keyCols = sort === 'priority' ? [`(-t.priority)`, due, 't.key'] : [due, 't.key'];
    const keyTypes =
      sort === 'priority' ? ['int', 'timestamptz', 'bigint'] : ['timestamptz', 'bigint'];
    const cursor = q.after ?? q.before;
    const backwards = Boolean(q.before);
    const pageWhere = [filter];
    if (cursor) {
      const values = decodeTaskCursor(cursor, sort, keyCols.length);
      const placeholders = values.map((v, i) => `${p(v)}::${keyTypes[i]}`);
      pageWhere.push(
        `(${keyCols.join(', ')}) ${backwards ? '<' : '>'} (${placeholders.join(', ')})`,
      );
    }
    const dir = backwards ? 'DESC' : 'ASC';
    const pageSql = `SELECT t.key, t.instance_key, t.bpmn_process_id, t.business_key, t.element_id, t.name,
         t.state, t.assignee, t.candidate_groups, t.candidate_users, t.due_date, t.follow_up_date,
         t.priority, t.form_id, t.created_at, t.completed_at,
         ARRAY[${keyCols.map((c) => `(${c})::text`).join(', ')}] AS sort_key
       FROM engine.user_tasks t WHERE ${pageWhere.join(' AND ')}
       ORDER BY ${keyCols.map((c) => `${c} ${dir}`).join(', ')} LIMIT ${limit + 1}`;
    const countSql = `SELECT count(*)::int AS n FROM
       (SELECT 1 FROM engine.user_tasks t WHERE ${filter} LIMIT ${countLimit + 1}) x`;
    // The count is capped (countLimit): an exact count of a large queue would read every row.
    const [page, counted] = await Promise.all([
      this.pool.query<
        Omit<UserTaskRow, 'execution_id' | 'local_variables' | 'scope_id'> & { sort_key: string[] }
      >(pageSql, params),
      this.pool.query<{ n: number }>(countSql, filterParams),
    ]);
    const more = page.rows.length > limit;
    const rows = page.rows.slice(0, limit);
    if (backwards) rows.reverse();
    const first = rows[0];
    const last = rows[rows.length - 1];
    const n = counted.rows[0]?.n ?? 0;
    return {
      items: rows.map((r): UserTaskSummary => ({
        userTaskKey: String(r.key),
        processInstanceKey: String(r.instance_key),
        bpmnProcessId: r.bpmn_process_id,
        businessKey: r.business_key,
        elementId: r.element_id,
        name: r.name,
        state: r.state,
        assignee: r.assignee,
        candidateGroups: r.candidate_groups,
        candidateUsers: r.candidate_users,
        dueDate: r.due_date,
        followUpDate: r.follow_up_date,
        priority: r.priority,
        formId: r.form_id,
        createdAt: r.created_at,
        completedAt: r.completed_at,
      })),
      total: Math.min(n, countLimit),
      totalCapped: n > countLimit,
      next: last && (backwards || more) ? encodeTaskCursor(sort, last.sort_key) : null,
      previous:
        first && (cursor ? !backwards || more : false)
          ? encodeTaskCursor(sort, first.sort_key)
          : null,
    };
  }

  async getUserTask(userTaskKey: string): Promise<UserTask> {
    await this.init();
    const [t] = await this.queryTasks('t.key = $1', [userTaskKey], 1);
    if (!t) forbidden('NOT_FOUND', `user task ${userTaskKey} not found`);
    return t;
  }

  private async updateTask(key: string, set: string, params: unknown[], cond = 'true') {
    await this.init();
    const res = await this.pool.query<TaskNoticeRow & { previous: string | null }>(
      `WITH o AS (SELECT key AS okey, assignee AS previous FROM engine.user_tasks
                  WHERE key = $1 FOR UPDATE)
       UPDATE engine.user_tasks t SET ${set} FROM o
       WHERE t.key = o.okey AND t.state = 'CREATED' AND ${cond}
       RETURNING t.key::text AS key, t.candidate_groups, t.assignee, o.previous`,
      [key, ...params],
    );
    const changed = res.rows[0];
    if (changed && changed.assignee !== changed.previous) {
      await sendNotices(this.pool, [userTaskNotice(changed, changed.previous)]).catch(
        () => undefined,
      );
    }
    if (res.rowCount !== 1) {
      const t = await this.getUserTask(key);
      if (t.state !== 'CREATED') forbidden('INVALID_STATE', `user task is ${t.state}`);
      forbidden('INVALID_STATE', `user task ${key} is assigned to ${t.assignee ?? 'nobody'}`);
    }
  }

  claimUserTask(key: string, assignee: string) {
    return this.updateTask(key, 'assignee = $2', [assignee], '(assignee IS NULL OR assignee = $2)');
  }
  unclaimUserTask(key: string) {
    return this.updateTask(key, 'assignee = NULL', []);
  }
  assignUserTask(key: string, assignee: string | null) {
    return this.updateTask(key, 'assignee = $2', [assignee]);
  }

  async completeUserTask(userTaskKey: string, variables: Variables = {}): Promise<void> {
    await this.withHandoff(async (c, notify, handoff) => {
      // Lock the instance first (the lock order everywhere), then close the task, in one
      // statement; a form that rejects the variables rolls it back. When the instance's owner
      // (the serving process that holds its live execution) is connected, the same statement
      // hands the step to it.
      const { rows } = await c.query<
        UserTaskRow & {
          locked: boolean;
          form_schema: unknown;
          command_id: string | null;
          command_owner: string | null;
          command_json: string | null;
        }
      >(
        `WITH i AS (
           SELECT key, owner FROM engine.instances
           WHERE key = (SELECT instance_key FROM engine.user_tasks WHERE key = $1) FOR UPDATE),
         u AS (
           UPDATE engine.user_tasks t SET state = 'COMPLETED', completed_at = $2 FROM i
           WHERE t.key = $1 AND t.instance_key = i.key AND t.state = 'CREATED' RETURNING t.*),
         cmd AS (
           INSERT INTO engine.step_commands (instance_key, owner, pending, created_at)
           SELECT u.instance_key, i.owner, jsonb_build_object(
               'action', jsonb_build_object('kind', 'signal', 'executionId', u.execution_id),
               'completion', jsonb_build_object('elementId', u.element_id,
                 'locals', u.local_variables, 'result', $4::jsonb, 'scopeId', u.scope_id)), $2
           FROM u, i
           WHERE $3 AND i.owner IS NOT NULL AND EXISTS (
             SELECT 1 FROM pg_stat_activity a
             WHERE a.application_name = i.owner AND a.datname = current_database())
           RETURNING id, instance_key, owner, pending)
         SELECT u.*, EXISTS (SELECT 1 FROM i) AS locked,
           (SELECT f.schema FROM engine.forms f WHERE f.form_id = u.form_id
             ORDER BY f.version DESC LIMIT 1) AS form_schema,
           (SELECT id::text FROM cmd) AS command_id, (SELECT owner FROM cmd) AS command_owner,
           (SELECT pending::text FROM cmd WHERE octet_length(pending::text) <= $5) AS command_json
         FROM (SELECT 1) one LEFT JOIN u ON true`,
        [
          userTaskKey,
          this.clock.now(),
          handoff !== null,
          JSON.stringify(variables),
          NOTICE_COMMAND_MAX_BYTES,
        ],
      );
      const t = rows[0];
      if (!t?.locked) forbidden('NOT_FOUND', `user task ${userTaskKey} not found`);
      if (t.key === null) forbidden('INVALID_STATE', 'user task is not open');
      if (t.form_schema) validateAgainstForm(t.form_schema, variables);
      const pending: Pending = {
        action: { kind: 'signal', executionId: t.execution_id },
        completion: {
          elementId: t.element_id,
          locals: t.local_variables,
          result: variables,
          scopeId: t.scope_id,
        },
      };
      // watchers hear of it after the commit (runtime.ts, userTaskNotice)
      notify.notices.push(userTaskNotice(t, t.assignee));
      if (handoff && t.command_id) {
        const notice = `run:${t.command_owner} ${t.command_id} ${t.instance_key}`;
        handoff.expect(
          t.command_id,
          String(t.instance_key),
          t.command_json ? `${notice} ${t.command_json}` : notice,
        );
      } else await advance(c, this.rt(notify), String(t.instance_key), pending);
    });
  }

  // ---------------------------------------------------------------- step hand-off
  //
  // A process that serves steps (serveSteps: the worker process) keeps the live bpmn-engine
  // execution of every instance it advances and is recorded as the instance's owner. A process
  // that does not (the web server) would have to recover the instance from its snapshot to
  // complete a user task or to run a start; instead it records the step as a command for the
  // owner (any serving process for a start) in its own transaction, and waits until the
  // owner's step has applied it. The caller's semantics do not change: the call returns after
  // the step. If the owner does not answer in time (busy, or gone), the caller applies the
  // command itself; the command row is deleted by the step that applies it, in that step's
  // transaction, and every step of an instance applies its waiting commands first, so a
  // command is applied exactly once and in order, whoever gets there first. A serving process
  // also sweeps commands whose callers went away.

  /**
   * A transaction that may hand steps off: `handoff` is null in a serving process (it runs every
   * step itself) and when this process cannot hear answers (no LISTEN connection). The function
   * inserts the command rows itself, in the statements that need them, and registers each with
   * `expect`, before the commit: the answer cannot be missed. Waits for them after the commit.
   */
  private async withHandoff<T>(
    fn: (
      c: Client,
      rt: RuntimeContext,
      handoff: { expect(id: string, instanceKey: string, notice: string): void } | null,
    ) => Promise<T>,
  ): Promise<T> {
    // Without a LISTEN connection no answer could be heard: run the step here, and try to
    // connect again next time.
    const ready =
      this.executorId === null &&
      (await this.ensureListening().then(
        () => true,
        () => {
          this.listenReady = null;
          return false;
        },
      ));
    const handed: { id: string; instanceKey: string; outcome: Promise<'done' | 'fail'> }[] = [];
    try {
      const result = await this.tx((c, rt) =>
        fn(
          c,
          rt,
          ready
            ? {
                expect: (id, instanceKey, notice) => {
                  const outcome = new Promise<'done' | 'fail'>((resolve) =>
                    this.commandWaiters.set(id, resolve),
                  );
                  handed.push({ id, instanceKey, outcome });
                  rt.notices.push([STEPS_CHANNEL, notice]); // sent after the commit
                },
              }
            : null,
        ),
      );
      for (const h of handed) {
        const timeoutMs = this.opts.handoffTimeoutMs ?? 2000;
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          h.outcome,
          new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'timeout'))),
        ]);
        clearTimeout(timer);
        // Not applied yet, or the owner failed: apply it here (a no-op if it is gone by now);
        // an error reaches the caller as it would have without the hand-off.
        if (outcome !== 'done') await this.runCommand(h.id, h.instanceKey);
      }
      return result;
    } finally {
      for (const h of handed) this.commandWaiters.delete(h.id);
    }
  }

  private onStepNotice(payload: string) {
    if (payload.startsWith('run:')) {
      const rest = payload.slice(4);
      const [owner, id, instanceKey] = rest.split(' ', 3);
      if (!id || !instanceKey || !this.executorId || owner !== this.executorId) return;
      const at = owner.length + id.length + instanceKey.length + 3;
      let pending: Pending | undefined;
      if (rest.length > at) {
        try {
          pending = JSON.parse(rest.slice(at)) as Pending;
        } catch {
          pending = undefined; // read from its row instead
        }
      }
      this.serve(id, instanceKey, pending);
      return;
    }
    const [outcome, id] = payload.split(':');
    if ((outcome === 'done' || outcome === 'fail') && id) this.commandWaiters.get(id)?.(outcome);
  }

  private serve(id: string, instanceKey: string, pending?: Pending) {
    if (this.closed) return;
    const run = this.applyCommand(id, instanceKey, pending).catch(() => undefined);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /**
   * Apply a waiting command (and any before it on the same instance) in a step of its own.
   * Nothing happens if it was applied already. A failure is counted on the command; the fifth
   * turns it into an incident on the instance that replays the step when resolved.
   */
  private async runCommand(id: string, instanceKey: string, pre?: Computed): Promise<void> {
    try {
      await this.tx((c, rt) =>
        advance(c, rt, instanceKey, null, 0, pre ? { id, computed: pre } : undefined),
      );
    } catch (err) {
      await this.commandFailed(id, err).catch(() => undefined);
      throw err;
    }
  }

  /**
   * A command handed to this process: in one statement when the step is simple (runtime.ts,
   * fastCommandStep), else in a locked step that reuses what was computed if it still holds.
   */
  private async applyCommand(id: string, instanceKey: string, pending?: Pending): Promise<void> {
    let fast: 'done' | Computed | null = null;
    const rt = this.newRt();
    try {
      fast = await fastCommandStep(this.pool, rt, { id, instanceKey, pending });
    } catch {
      fast = null; // the locked path runs it again, and counts a failure there
    }
    if (fast === 'done') await this.sendNotices(rt);
    else await this.runCommand(id, instanceKey, fast ?? undefined);
  }

  private async commandFailed(id: string, err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    await this.tx(async (c, rt) => {
      const { rows } = await c.query<{ attempts: number; instance_key: string; pending: unknown }>(
        `UPDATE engine.step_commands SET attempts = attempts + 1, error = $2 WHERE id = $1
         RETURNING attempts, instance_key, pending`,
        [id, message],
      );
      const cmd = rows[0];
      if (cmd && cmd.attempts >= 5) {
        await c.query('DELETE FROM engine.step_commands WHERE id = $1', [id]);
        await c.query(
          `INSERT INTO engine.incidents (instance_key, type, message, state, pending, created_at)
           VALUES ($1, 'UNKNOWN', $2, 'active', $3, $4)`,
          [cmd.instance_key, message, JSON.stringify(cmd.pending), this.clock.now()],
        );
      }
      rt.notices.push([STEPS_CHANNEL, `fail:${id}`]);
    });
  }

  /** Serving: listen for hand-offs, and sweep up commands whose callers went away. */
  private startServing() {
    void this.ensureListening().catch(() => this.relistenForUserTasks());
    const sweepMs = Math.max(500, this.opts.handoffTimeoutMs ?? 2000);
    const sweep = async () => {
      const { rows } = await this.pool.query<{ id: string; instance_key: string }>(
        `SELECT id::text, instance_key::text FROM engine.step_commands WHERE created_at <= $1
         ORDER BY id LIMIT 50`,
        [new Date(this.clock.now().getTime() - sweepMs)],
      );
      for (const r of rows) {
        if (this.closed) return;
        await this.runCommand(r.id, r.instance_key).catch(() => undefined);
      }
    };
    const tick = () => {
      if (this.closed) return;
      const run = this.init()
        .then(sweep)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(run);
          if (!this.closed) this.sweepTimer = setTimeout(tick, sweepMs);
        });
      this.running.add(run);
    };
    this.sweepTimer = setTimeout(tick, sweepMs);
  }

  // ---------------------------------------------------------------- jobs

  async activateJobs(req: ActivateJobsRequest): Promise<Job[]> {
    await this.init();
    const deadlineAt = Date.now() + (req.requestTimeoutMs ?? 0);
    // Listen before the first look, so a job created in between is never missed.
    if (req.requestTimeoutMs) await this.ensureListening().catch(() => {});
    for (;;) {
      const seq = this.notifySeq.get(req.type) ?? 0;
      const jobs = await this.tryActivate(req);
      if (jobs.length || Date.now() >= deadlineAt || req.signal?.aborted || this.closed) {
        return jobs;
      }
      if ((this.notifySeq.get(req.type) ?? 0) !== seq) continue; // announced while we looked
      await this.waitForNotify(req.type, Math.min(deadlineAt - Date.now(), 1000), req.signal);
    }
  }

  private async tryActivate(req: ActivateJobsRequest): Promise<Job[]> {
    const now = this.clock.now();
    const { rows } = await this.pool.query<
      JobRow & { variables: Variables; scopes: Scopes; bpmn_process_id: string }
    >(
      prepared(
        `WITH c AS (
         SELECT key FROM engine.jobs
         WHERE type = $1 AND ((state = 'activatable' AND (retry_at IS NULL OR retry_at <= $2)
                            AND ($6::text IS NULL OR owner IS NULL OR owner = $6 OR created_at <= $7))
                          OR (state = 'activated' AND deadline <= $2))
         ORDER BY key LIMIT $3 FOR UPDATE SKIP LOCKED),
       u AS (
         UPDATE engine.jobs j SET state = 'activated', worker = $4,
           deadline = $2::timestamptz + ($5 * interval '1 millisecond'), activations = activations + 1
         FROM c WHERE j.key = c.key RETURNING j.*)
       SELECT u.*, i.variables, i.scopes, i.bpmn_process_id
       FROM u JOIN engine.instances i ON i.key = u.instance_key
       ORDER BY u.key`,
        [
          req.type,
          now,
          Math.max(1, req.maxJobsToActivate),
          req.worker,
          req.timeoutMs,
          this.executorId,
          new Date(now.getTime() - JOB_AFFINITY_MS),
        ],
      ),
    );
    if (this.activatedHere.size > 10_000) this.activatedHere.clear(); // jobs left to time out
    for (const r of rows) {
      this.activatedHere.set(String(r.key), {
        instanceKey: String(r.instance_key),
        executionId: r.execution_id,
        elementId: r.element_id,
        locals: r.local_variables,
        scopeId: r.scope_id,
      });
    }
    return rows.map((r) => this.toJob(r, req.fetchVariables));
  }

  private toJob(
    r: JobRow & { variables: Variables; scopes: Scopes; bpmn_process_id: string },
    fetch: string[] | undefined,
  ): Job {
    let variables: Variables = {
      ...contextFor(r.variables, r.scopes ?? {}, r.scope_id),
      ...r.local_variables,
    };
    if (fetch)
      variables = Object.fromEntries(
        fetch.filter((k) => k in variables).map((k) => [k, variables[k]]),
      );
    const key = String(r.key);
    return {
      key,
      type: r.type,
      processInstanceKey: String(r.instance_key),
      bpmnProcessId: r.bpmn_process_id,
      elementId: r.element_id,
      retries: r.retries,
      deadline: r.deadline ?? new Date(),
      worker: r.worker ?? '',
      customHeaders: r.custom_headers,
      variables,
      complete: (vars) => this.completeJob(key, vars ?? {}),
      fail: (f) => this.failJob(key, typeof f === 'string' ? { errorMessage: f } : f),
      error: (code, message) => this.throwJobError(key, code, message ?? ''),
    };
  }

  /** Lock order everywhere: the instance row first, then its own rows. */
  private async lockJobInstance(c: Client, jobKey: string): Promise<void> {
    const res = await c.query(
      `SELECT 1 FROM engine.instances
       WHERE key = (SELECT instance_key FROM engine.jobs WHERE key = $1) FOR UPDATE`,
      [jobKey],
    );
    if (!res.rowCount) forbidden('NOT_FOUND', `job ${jobKey} not found`);
  }

  private async jobNotActivated(c: Client, jobKey: string): Promise<never> {
    const { rows } = await c.query<{ state: string }>(
      'SELECT state FROM engine.jobs WHERE key = $1',
      [jobKey],
    );
    forbidden('INVALID_STATE', `job ${jobKey} is ${rows[0]?.state ?? 'unknown'}`);
  }

  private async lockJob(c: Client, jobKey: string): Promise<JobRow> {
    await this.lockJobInstance(c, jobKey);
    const { rows } = await c.query<JobRow>('SELECT * FROM engine.jobs WHERE key = $1 FOR UPDATE', [
      jobKey,
    ]);
    const job = rows[0]!;
    if (job.state !== 'activated') forbidden('INVALID_STATE', `job ${jobKey} is ${job.state}`);
    return job;
  }

  async completeJob(jobKey: string, variables: Variables): Promise<JobActionAcknowledgement> {
    const activated = this.activatedHere.get(jobKey);
    // This process usually ran the step that created the job and still holds the instance's
    // live execution: then the step needs one statement (runtime.ts, fastJobStep).
    const rt = this.newRt();
    const fast = activated
      ? await fastJobStep(this.pool, rt, { key: jobKey, ...activated }, variables)
      : null;
    if (fast === 'done') {
      this.activatedHere.delete(jobKey);
      await this.sendNotices(rt);
      return ACK;
    }
    await this.tx(async (c, rt) => {
      const outcome = await completeJobStep(
        c,
        rt,
        jobKey,
        variables,
        activated?.instanceKey,
        fast ?? undefined,
      );
      if (outcome === 'not_found') forbidden('NOT_FOUND', `job ${jobKey} not found`);
      if (outcome === 'not_activated') await this.jobNotActivated(c, jobKey);
    });
    this.activatedHere.delete(jobKey);
    return ACK;
  }

  async failJob(jobKey: string, f: JobFailure): Promise<JobActionAcknowledgement> {
    await this.tx(async (c) => {
      const job = await this.lockJob(c, jobKey);
      const retries = Math.max(0, f.retries ?? job.retries - 1);
      const now = this.clock.now();
      if (retries > 0) {
        await c.query(
          `UPDATE engine.jobs SET state = 'activatable', retries = $2, retry_at = $3, error_message = $4,
             worker = NULL, deadline = NULL WHERE key = $1`,
          [jobKey, retries, new Date(now.getTime() + (f.retryBackOff ?? 0)), f.errorMessage],
        );
      } else {
        await c.query(
          `UPDATE engine.jobs SET state = 'failed', retries = 0, error_message = $2, worker = NULL,
             deadline = NULL WHERE key = $1`,
          [jobKey, f.errorMessage],
        );
        await c.query(
          `INSERT INTO engine.incidents (instance_key, element_id, execution_id, job_key, type, message,
             state, created_at)
           VALUES ($1, $2, $3, $4, 'JOB_NO_RETRIES', $5, 'active', $6) ON CONFLICT DO NOTHING`,
          [job.instance_key, job.element_id, job.execution_id, jobKey, f.errorMessage, now],
        );
      }
    });
    return ACK;
  }

  async throwJobError(
    jobKey: string,
    code: string,
    message: string,
  ): Promise<JobActionAcknowledgement> {
    await this.tx(async (c, notify) => {
      const job = await this.lockJob(c, jobKey);
      const inst = await c.query<{ definition_key: string }>(
        'SELECT definition_key FROM engine.instances WHERE key = $1',
        [job.instance_key],
      );
      const def = await loadDefinition(
        c,
        { caches: this.caches },
        String(inst.rows[0]!.definition_key),
      );
      const catches: (string | null)[] = [];
      for (let m = def.meta.elements[job.element_id]; m; m = def.meta.elements[m.parent ?? '']) {
        catches.push(...(m.catchesErrors ?? []));
        if (!m.parent) break;
      }
      if (!catches.some((x) => x === null || x === code)) {
        await c.query(
          `UPDATE engine.jobs SET state = 'failed', retries = 0, error_message = $2 WHERE key = $1`,
          [jobKey, message],
        );
        await c.query(
          `INSERT INTO engine.incidents (instance_key, element_id, execution_id, job_key, type, message,
             state, created_at)
           VALUES ($1, $2, $3, $4, 'UNHANDLED_ERROR_EVENT', $5, 'active', $6) ON CONFLICT DO NOTHING`,
          [
            job.instance_key,
            job.element_id,
            job.execution_id,
            jobKey,
            `error '${code}' not caught: ${message}`,
            this.clock.now(),
          ],
        );
        return;
      }
      await c.query(
        `UPDATE engine.jobs SET state = 'error_thrown', error_message = $2 WHERE key = $1`,
        [jobKey, message],
      );
      await advance(c, this.rt(notify), String(job.instance_key), {
        action: { kind: 'error', executionId: job.execution_id, code, message },
        completion: null,
      });
    });
    return ACK;
  }

  private async ensureListening(): Promise<void> {
    this.listenReady ??= (async () => {
      const config: pg.ClientConfig = this.opts.connectionString
        ? { connectionString: this.opts.connectionString }
        : { ...(this.pool as unknown as { options: pg.ClientConfig }).options };
      // A serving process is known to the others by this connection: alive while it is open.
      if (this.executorId) config.application_name = this.executorId;
      const client = new pg.Client(config);
      client.on('notification', (n: pg.Notification) => {
        if (n.channel === USER_TASKS_CHANNEL) {
          this.emitUserTaskChange(parseUserTaskChange(n.payload));
          return;
        }
        if (n.channel === STEPS_CHANNEL) {
          this.onStepNotice(n.payload ?? '');
          return;
        }
        const type = n.payload ?? '';
        this.notifySeq.set(type, (this.notifySeq.get(type) ?? 0) + 1);
        const ws = this.waiters.get(type);
        if (!ws) return;
        this.waiters.delete(type);
        for (const w of ws) w();
      });
      client.on('error', () => {
        this.listenReady = null;
        this.listenClient = null;
        this.relistenForUserTasks();
      });
      await client.connect();
      await client.query(`LISTEN ${JOBS_CHANNEL}`);
      await client.query(`LISTEN ${USER_TASKS_CHANNEL}`);
      await client.query(`LISTEN ${STEPS_CHANNEL}`);
      this.listenClient = client;
    })();
    return this.listenReady;
  }

  private async waitForNotify(type: string, ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0) return;
    await this.ensureListening().catch(() => {});
    await new Promise<void>((resolve) => {
      let set = this.waiters.get(type);
      if (!set) this.waiters.set(type, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        this.waiters.get(type)?.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      signal?.addEventListener('abort', done);
    });
  }

  async watchUserTasks(listener: (change: UserTaskChange) => void): Promise<() => void> {
    this.userTaskListeners.add(listener);
    try {
      await this.ensureListening();
    } catch (err) {
      this.userTaskListeners.delete(listener);
      this.listenReady = null;
      throw err;
    }
    return () => {
      this.userTaskListeners.delete(listener);
    };
  }

  private emitUserTaskChange(change: UserTaskChange) {
    for (const listener of [...this.userTaskListeners]) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the others still hear about the change.
      }
    }
  }

  /** After a lost LISTEN connection: listen again and tell watchers they may have missed changes. */
  private relistenForUserTasks() {
    const wanted = () => this.userTaskListeners.size > 0 || this.executorId !== null;
    if (this.closed || this.relistenTimer || !wanted()) return;
    this.relistenTimer = setTimeout(() => {
      this.relistenTimer = null;
      if (this.closed || !wanted()) return;
      this.ensureListening().then(
        () =>
          this.emitUserTaskChange({
            userTaskKey: null,
            candidateGroups: [],
            assignee: null,
            previousAssignee: null,
            resync: true,
          }),
        () => {
          this.listenReady = null;
          this.relistenForUserTasks();
        },
      );
    }, 1000);
  }

  // ---------------------------------------------------------------- timers

  /** Fire every timer due at the clock's now. Returns how many fired. */
  async runDueTimers(limit = 100): Promise<number> {
    await this.init();
    let fired = 0;
    for (; fired < limit; fired++) {
      const ok = await this.tx(async (c, notify) => {
        const now = this.clock.now();
        const cand = await c.query<{
          key: string;
          instance_key: string | null;
          definition_key: string | null;
          element_id: string;
          execution_id: string;
        }>(
          `SELECT t.key, t.instance_key, t.definition_key, t.element_id, t.execution_id
           FROM engine.timers t
           WHERE t.state = 'armed' AND t.due_at <= $1
           ORDER BY t.due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [now],
        );
        const t = cand.rows[0];
        if (!t) return false;
        if (t.instance_key !== null) {
          const lock = await c.query(
            'SELECT 1 FROM engine.instances WHERE key = $1 FOR UPDATE SKIP LOCKED',
            [t.instance_key],
          );
          if (!lock.rowCount) return true; // busy; the next round picks it up again
          await c.query(`UPDATE engine.timers SET state = 'fired' WHERE key = $1`, [t.key]);
          await advance(c, this.rt(notify), String(t.instance_key), {
            action: { kind: 'timer', executionId: t.execution_id },
            completion: null,
          });
        } else if (t.definition_key !== null) {
          await c.query(`UPDATE engine.timers SET state = 'fired' WHERE key = $1`, [t.key]);
          const def = await loadDefinition(c, { caches: this.caches }, String(t.definition_key));
          const timer = def.meta.elements[t.element_id]?.timer;
          const n = Number(t.execution_id.split(':')[2] ?? '1');
          const next = timer ? nextDue(timer, now, n + 1) : null;
          if (next) {
            await c.query(
              `INSERT INTO engine.timers (definition_key, element_id, execution_id, due_at, state, created_at)
               VALUES ($1, $2, $3, $4, 'armed', $5)`,
              [t.definition_key, t.element_id, `start:${t.element_id}:${n + 1}`, next, now],
            );
          }
          await this.createInstance(c, notify, String(t.definition_key), null, {}, t.element_id);
        }
        return true;
      });
      if (!ok) break;
    }
    await this.pool.query(
      `UPDATE engine.messages SET state = 'expired' WHERE state = 'buffered' AND expires_at <= $1`,
      [this.clock.now()],
    );
    return fired;
  }

  startScheduler(intervalMs = 500) {
    if (this.schedulerTimer) return;
    const tick = () => {
      if (this.closed) return;
      this.schedulerRunning = this.runDueTimers()
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => {
          this.schedulerRunning = null;
          if (!this.closed) this.schedulerTimer = setTimeout(tick, intervalMs);
        });
    };
    this.schedulerTimer = setTimeout(tick, 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.schedulerTimer) clearTimeout(this.schedulerTimer);
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    await Promise.all([...this.running]);
    if (this.relistenTimer) clearTimeout(this.relistenTimer);
    this.userTaskListeners.clear();
    await this.schedulerRunning;
    for (const set of [...this.waiters.values()]) for (const w of [...set]) w();
    const lc = this.listenClient;
    this.listenClient = null;
    if (lc) await lc.end().catch(() => {});
    if (this.opts.ownsPool) await this.pool.end();
  }
}

/** Work-queue cursors: the sort key of a row as text (exact, microseconds included). */
function encodeTaskCursor(sort: string, key: string[]): string {
  return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

function decodeTaskCursor(cursor: string, sort: string, parts: number): string[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (
    !Array.isArray(value) ||
    value.length !== parts + 1 ||
    value[0] !== sort ||
    !value.every((v) => typeof v === 'string' && v.length < 64)
  ) {
    forbidden('INVALID_ARGUMENT', 'the page cursor is not valid for this sort order');
  }
  return (value as string[]).slice(1);
}

function parseUserTaskChange(payload: string | undefined): UserTaskChange {
  let v: { k?: unknown; g?: unknown; a?: unknown; p?: unknown } = {};
  try {
    v = JSON.parse(payload ?? '{}') as typeof v;
  } catch {
    // Not ours to interpret: treat as "something changed".
  }
  const str = (x: unknown) => (typeof x === 'string' ? x : null);
  const key = str(v.k);
  return {
    userTaskKey: key,
    candidateGroups: Array.isArray(v.g)
      ? v.g.filter((g): g is string => typeof g === 'string')
      : [],
    assignee: str(v.a),
    previousAssignee: str(v.p),
    resync: key === null,
  };
}

/** Parses an ISO 8601 duration (P..T..) into milliseconds. */
function durationMs(iso: string): number {
  return feelDuration(iso).as('milliseconds');
}

/** When a start timer fires next (n = 1 for the first time). */
function nextDue(timer: { kind: string; value: string }, now: Date, n = 1): Date | null {
  // a start timer has no instance yet: a FEEL value is evaluated without variables
  const value = isFeel(timer.value) ? String(evalFeel(timer.value, {})) : timer.value;
  if (timer.kind === 'timeDate') return n === 1 ? new Date(value) : null;
  if (timer.kind === 'timeDuration')
    return n === 1 ? new Date(now.getTime() + durationMs(value)) : null;
  // timeCycle: R[n]/[start/]duration
  const parts = value.split('/');
  const rep = parts[0]?.startsWith('R') ? parts[0].slice(1) : '';
  const repeats = rep === '' ? Infinity : Number(rep);
  if (n > repeats) return null;
  const dur = parts[parts.length - 1] ?? 'PT0S';
  return new Date(now.getTime() + durationMs(dur));
}

/** Checks completion variables against the keys and required fields of a form-js schema. */
function validateAgainstForm(form: unknown, variables: Variables) {
  const problems: string[] = [];
  const visit = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const comp of components as {
      key?: string;
      type?: string;
      validate?: { required?: boolean; min?: number; max?: number };
      components?: unknown;
    }[]) {
      if (comp.components) visit(comp.components);
      if (!comp.key) continue;
      const v = variables[comp.key];
      if (comp.validate?.required && (v === undefined || v === null || v === '')) {
        problems.push(`${comp.key} is required`);
      }
      if (v !== undefined && v !== null && comp.type === 'number' && typeof v !== 'number') {
        problems.push(`${comp.key} must be a number`);
      }
      if (typeof v === 'number') {
        if (comp.validate?.min !== undefined && v < comp.validate.min) {
          problems.push(`${comp.key} must be at least ${comp.validate.min}`);
        }
        if (comp.validate?.max !== undefined && v > comp.validate.max) {
          problems.push(`${comp.key} must be at most ${comp.validate.max}`);
        }
      }
      if (v !== undefined && v !== null && comp.type === 'checkbox' && typeof v !== 'boolean') {
        problems.push(`${comp.key} must be true or false`);
      }
    }
  };
  visit((form as { components?: unknown }).components);
  if (problems.length)
    forbidden('INVALID_ARGUMENT', `form validation failed: ${problems.join('; ')}`);
}

export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}
