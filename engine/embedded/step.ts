// One step of one process instance: recover bpmn-engine from the last snapshot, resume it,
// apply one action (start, signal a waiting element, throw a BPMN error, fire a timer),
// let it run until it waits again, and report what is waiting now. Nothing here touches
// the database: the caller persists the outcome in one transaction.
import { EventEmitter } from 'node:events';
import { Engine as BpmnEngine } from 'bpmn-engine';
import { elementTypes, type ProcessMeta, type SourceContext } from './model';
import { evalFeel, FeelError, isFeel } from './feel';
import type { Variables } from '../port';

export type StepAction =
  | { kind: 'start'; startElementId?: string }
  | { kind: 'resume' }
  | { kind: 'signal'; executionId: string }
  | { kind: 'error'; executionId: string; code: string; message: string }
  | { kind: 'timer'; executionId: string };

/** An element waiting for the outside world (job, user task, message, script). */
export interface Wait {
  executionId: string;
  elementId: string;
  elementType: string;
  /** Execution id of the enclosing sub-process (its variable scope), if any. */
  scopeId: string | null;
  /** For an iteration of a multi-instance task: its index and input element. */
  loop?: { index: number; element: unknown };
}

/** Variable scopes of sub-processes, provided by the runtime for one step. */
export interface ScopeHooks {
  /** Process variables plus the locals of this scope and its parents. */
  context(scopeId: string | null): Variables;
  enter(executionId: string, elementId: string, parentScopeId: string | null): void;
  end(executionId: string, elementId: string): void;
  drop(executionId: string): void;
}

export interface TimerWait {
  executionId: string;
  elementId: string;
  timerType: string;
  /** Delay the engine computed from the real clock, or the absolute date for timeDate. */
  delayMs: number;
  expireAt: Date | null;
}

export interface HistoryChange {
  executionId: string;
  elementId: string;
  elementType: string;
  entered: boolean;
  ended: 'COMPLETED' | 'TERMINATED' | null;
}

export interface StepOutcome {
  snapshot: unknown;
  completed: boolean;
  waits: Wait[];
  timers: TimerWait[];
  history: HistoryChange[];
}

export class StepFailure extends Error {
  constructor(
    public readonly elementId: string | null,
    public readonly incidentType: string,
    message: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

interface Api {
  id: string;
  type: string;
  executionId: string;
  content: Record<string, unknown> & { parent?: { type?: string; executionId?: string } };
  signal(message?: unknown): void;
  sendApiMessage(action: string, content: unknown): void;
}

interface TimerRef {
  owner: { id?: string; executionId?: string; timerType?: string; expireAt?: Date } | null;
  callback: (...args: unknown[]) => void;
  delay: number;
  args: unknown[];
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const ACTIVITY_EVENTS = [
  'activity.enter',
  'activity.wait',
  'activity.call',
  'activity.end',
  'activity.leave',
];

function scopeOf(content: Api['content'] | undefined): string | null {
  const parent = content?.parent;
  if (parent?.type !== 'bpmn:SubProcess') return null;
  if (parent.executionId) return parent.executionId;
  // Messages of a gateway's conditions carry the parent without its execution id; the inbound
  // flow's message has it.
  const inbound = (content?.inbound as { parent?: { executionId?: string } }[] | undefined)?.[0];
  return inbound?.parent?.executionId ?? null;
}

/** Per-step bookkeeping: what happened between the start and the end of one step. */
interface StepCtx {
  variables: Variables;
  scopes: ScopeHooks | null;
  failure: StepFailure | null;
  history: Map<string, HistoryChange>;
  left: Set<string>;
}

/**
 * A live bpmn-engine execution of one instance. Created from a snapshot (recover + resume)
 * or fresh for a start; kept in memory between steps by the caller when the database confirms
 * that nobody else advanced the instance meanwhile (see runtime.ts), which saves the recover.
 */
export class LiveInstance {
  private readonly engine: BpmnEngine;
  private readonly listener = new EventEmitter();
  private readonly waits = new Map<string, Wait & { api: Api }>();
  private readonly timerRefs = new Set<TimerRef>();
  private ctx: StepCtx | null = null;
  private started = false;
  completed = false;

  private constructor(
    private readonly meta: ProcessMeta,
    name: string,
    sourceContext: SourceContext,
  ) {
    const timerRefs = this.timerRefs;
    const addTimer = (
      owner: TimerRef['owner'],
      callback: TimerRef['callback'],
      delay: number,
      args: unknown[],
    ): TimerRef => {
      const ref = { owner, callback, delay, args };
      timerRefs.add(ref);
      return ref;
    };
    // Timers are never armed in memory: the runtime stores them and fires them itself.
    const timers = {
      register(owner: TimerRef['owner']) {
        return {
          setTimeout: (cb: TimerRef['callback'], delay: number, ...args: unknown[]) =>
            addTimer(owner, cb, delay, args),
          clearTimeout: (ref: TimerRef) => void timerRefs.delete(ref),
        };
      },
      setTimeout: (cb: TimerRef['callback'], delay: number, ...args: unknown[]) =>
        addTimer(null, cb, delay, args),
      clearTimeout: (ref: TimerRef) => void timerRefs.delete(ref),
      get executing() {
        return [...timerRefs];
      },
    };
    const expressions = {
      isExpression: (t: unknown) => isFeel(t),
      hasExpression: (t: unknown) => isFeel(t),
      resolveExpression: (expr: unknown, message: { content?: Api['content'] } | undefined) => {
        if (!isFeel(expr)) return expr;
        try {
          const ctx = this.ctx;
          const vars = ctx?.scopes
            ? ctx.scopes.context(scopeOf(message?.content))
            : (ctx?.variables ?? {});
          return evalFeel(expr, vars);
        } catch (err) {
          this.fail(
            new StepFailure(
              (message?.content?.id as string | undefined) ?? null,
              'EXTRACT_VALUE_ERROR',
              err instanceof FeelError ? err.message : String(err),
            ),
          );
          return undefined;
        }
      },
    };
    for (const ev of ACTIVITY_EVENTS) this.listener.on(ev, (api: Api) => this.track(ev, api));
    this.listener.on('activity.discard', (api: Api) => {
      const ctx = this.ctx;
      this.waits.delete(api.executionId);
      if (!ctx) return;
      // Discarded before entering (a path not taken) has no history row; the update is a no-op.
      ctx.history.set(api.executionId, {
        executionId: api.executionId,
        elementId: api.id,
        elementType: api.type,
        entered: ctx.history.get(api.executionId)?.entered ?? false,
        ended: 'TERMINATED',
      });
      ctx.left.add(api.executionId);
    });
    this.listener.on('process.end', () => {
      this.completed = true;
    });
    this.listener.on('process.error', (api: Api) => {
      const err = api.content.error as { message?: string; source?: { content?: { id?: string } } };
      this.fail(
        new StepFailure(
          err?.source?.content?.id ?? null,
          'UNHANDLED_ERROR',
          String(err?.message ?? 'process error'),
        ),
      );
    });
    this.engine = new BpmnEngine({
      name,
      sourceContext,
      elements: elementTypes,
      timers,
      expressions,
      Logger: quietLogger,
    } as unknown as ConstructorParameters<typeof BpmnEngine>[0]);
    this.engine.on('error', (err: Error) => {
      this.fail(new StepFailure(null, 'UNHANDLED_ERROR', err.message));
    });
  }

  /** A new execution (for a start) or one recovered from a snapshot and resumed. */
  static async open(opts: {
    name: string;
    meta: ProcessMeta;
    sourceContext: SourceContext;
    snapshot: unknown;
    variables: Variables;
    scopes?: ScopeHooks;
  }): Promise<LiveInstance> {
    const live = new LiveInstance(opts.meta, opts.name, opts.sourceContext);
    if (opts.snapshot) {
      live.begin(opts.variables, opts.scopes ?? null);
      live.engine.recover(opts.snapshot as Parameters<BpmnEngine['recover']>[0]);
      // resume re-emits wait for everything waiting: that rebuilds the wait list
      await live.engine.resume({ listener: live.listener } as unknown as Parameters<
        BpmnEngine['resume']
      >[0]);
      live.started = true;
      await settle();
    }
    return live;
  }

  private begin(variables: Variables, scopes: ScopeHooks | null = null) {
    this.ctx ??= { variables, scopes, failure: null, history: new Map(), left: new Set() };
    this.ctx.variables = variables;
    this.ctx.scopes = scopes;
  }

  private scopeHook(fn: (s: ScopeHooks) => void, elementId: string) {
    const scopes = this.ctx?.scopes;
    if (!scopes) return;
    try {
      fn(scopes);
    } catch (err) {
      this.fail(
        new StepFailure(
          elementId,
          'IO_MAPPING_ERROR',
          err instanceof Error ? err.message : String(err),
        ),
      );
    }
  }

  private fail(f: StepFailure) {
    if (this.ctx) this.ctx.failure ??= f;
  }

  private track(routingKey: string, api: Api) {
    const execId = api.executionId;
    const ctx = this.ctx;
    switch (routingKey) {
      case 'activity.enter': {
        ctx?.history.set(execId, {
          executionId: execId,
          elementId: api.id,
          elementType: api.type,
          entered: true,
          ended: null,
        });
        if (api.type === 'bpmn:SubProcess') {
          this.scopeHook((s) => s.enter(execId, api.id, scopeOf(api.content)), api.id);
        }
        break;
      }
      case 'activity.wait':
      case 'activity.call': {
        if (!ctx?.left.has(execId)) {
          const multi = this.meta.elements[api.id]?.multi;
          const index = api.content.index;
          this.waits.set(execId, {
            executionId: execId,
            elementId: api.id,
            elementType: api.type,
            scopeId: scopeOf(api.content),
            ...(multi &&
              typeof index === 'number' && {
                loop: { index, element: api.content[multi.inputElement ?? 'item'] ?? null },
              }),
            api,
          });
        }
        break;
      }
      case 'activity.end':
      case 'activity.leave': {
        this.waits.delete(execId);
        if (!ctx) break;
        ctx.left.add(execId);
        const h = ctx.history.get(execId) ?? {
          executionId: execId,
          elementId: api.id,
          elementType: api.type,
          entered: false,
          ended: null,
        };
        // A normal completion emits activity.end before activity.leave; an element left
        // without an end (interrupted by a boundary event, terminated) was terminated.
        if (!h.ended) h.ended = routingKey === 'activity.end' ? 'COMPLETED' : 'TERMINATED';
        ctx.history.set(execId, h);
        if (api.type === 'bpmn:SubProcess') {
          if (routingKey === 'activity.end') this.scopeHook((s) => s.end(execId, api.id), api.id);
          else this.scopeHook((s) => s.drop(execId), api.id);
        }
        break;
      }
    }
  }

  /** Apply one action and run until everything waits again. */
  async run(
    action: StepAction,
    variables: Variables,
    onScript: (elementId: string, scopeId: string | null) => Variables,
    scopes: ScopeHooks | null = null,
  ): Promise<StepOutcome> {
    this.begin(variables, scopes);
    const ctx = this.ctx!;
    const meta = this.meta;
    try {
      if (action.kind === 'start') {
        if (this.started) throw new StepFailure(null, 'UNKNOWN', 'instance already started');
        this.started = true;
        await this.engine.execute({ listener: this.listener } as unknown as Parameters<
          BpmnEngine['execute']
        >[0]);
        await settle();
      }
      if (action.kind === 'start' && action.startElementId) {
        const w = [...this.waits.values()].find((x) => x.elementId === action.startElementId);
        const t = [...this.timerRefs].find((r) => r.owner?.id === action.startElementId);
        if (w) w.api.signal();
        else if (t) this.fireTimer(t);
        else throw new StepFailure(action.startElementId, 'UNKNOWN', 'start event not waiting');
      } else if (action.kind === 'signal') {
        const w = this.waits.get(action.executionId);
        if (!w) throw new StepFailure(null, 'UNKNOWN', `element ${action.executionId} not waiting`);
        w.api.signal();
      } else if (action.kind === 'error') {
        const w = this.waits.get(action.executionId);
        if (!w) throw new StepFailure(null, 'UNKNOWN', `element ${action.executionId} not waiting`);
        w.api.sendApiMessage('error', { message: action.message, code: action.code });
        await settle();
        const h = ctx.history.get(action.executionId);
        if (h?.ended) h.ended = 'TERMINATED';
      } else if (action.kind === 'timer') {
        const t = [...this.timerRefs].find((r) => r.owner?.executionId === action.executionId);
        if (t) this.fireTimer(t);
      }
      await settle();

      // Script tasks (zeebe:script) run here, inside the step, one after the other.
      for (let guard = 0; guard < 1000 && !ctx.failure; guard++) {
        const script = [...this.waits.values()].find((w) => meta.elements[w.elementId]?.script);
        if (!script) break;
        try {
          onScript(script.elementId, script.scopeId);
        } catch (err) {
          throw new StepFailure(
            script.elementId,
            'EXTRACT_VALUE_ERROR',
            err instanceof Error ? err.message : String(err),
          );
        }
        this.waits.delete(script.executionId);
        script.api.signal();
        await settle();
      }
    } catch (err) {
      if (err instanceof StepFailure) this.fail(err);
      else {
        this.fail(
          new StepFailure(null, 'UNKNOWN', err instanceof Error ? err.message : String(err)),
        );
      }
    }
    this.ctx = null;

    if (ctx.failure) throw ctx.failure;
    if (this.engine.state === 'error') {
      throw new StepFailure(null, 'UNHANDLED_ERROR', 'engine error');
    }

    let snapshot: unknown = null;
    if (!this.completed) {
      const state = (await this.engine.getState()) as { definitions: { source?: unknown }[] };
      // the model is stored once per version; recover gets it back through sourceContext
      for (const d of state.definitions) delete d.source;
      snapshot = state;
    }

    const timerWaits: TimerWait[] = [];
    for (const r of this.timerRefs) {
      if (!r.owner?.executionId || !r.owner.id) continue;
      timerWaits.push({
        executionId: r.owner.executionId,
        elementId: r.owner.id,
        timerType: r.owner.timerType ?? 'timeDuration',
        delayMs: r.delay,
        expireAt: r.owner.expireAt ? new Date(r.owner.expireAt) : null,
      });
    }

    return {
      snapshot,
      completed: this.completed,
      waits: [...this.waits.values()].map(({ api: _api, ...w }) => w),
      timers: timerWaits,
      history: [...ctx.history.values()],
    };
  }

  private fireTimer(ref: TimerRef) {
    this.timerRefs.delete(ref);
    ref.callback(...ref.args);
  }
}

function quietLogger() {
  const noop = () => {};
  return { debug: noop, error: noop, warn: noop };
}
