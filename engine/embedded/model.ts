// Parsing, linting and the runtime's own check of a BPMN model, and the extraction of the
// zeebe: extension data the runtime needs (kept as plain JSON per deployed version).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import * as Elements from 'bpmn-elements';
import serializer, { deserialize, TypeResolver } from 'moddle-context-serializer';
import type { DeployProblem } from '../port';
import { evalFeel, isFeel } from './feel';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

interface LintReport {
  id?: string;
  message: string;
  category: string;
}
interface LinterInstance {
  lint(root: unknown): Promise<Record<string, LintReport[]>>;
}
interface LinterCtor {
  new (opts: { config: unknown; resolver: unknown }): LinterInstance;
}
interface ResolverCtor {
  new (opts: { require: NodeJS.Require }): unknown;
}
const { Linter } = require('bpmnlint') as { Linter: LinterCtor };
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as ResolverCtor;

/** A moddle element, loosely typed. */
export interface El {
  $type: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

export interface IoParam {
  source: string;
  target: string;
}

export interface ElementMeta {
  id: string;
  type: string;
  name: string | null;
  job?: { type: string; retries: string; headers: Record<string, string> };
  inputs?: IoParam[];
  outputs?: IoParam[];
  userTask?: {
    assignee?: string;
    candidateGroups?: string;
    candidateUsers?: string;
    dueDate?: string;
    followUpDate?: string;
    priority?: string;
    formId?: string;
  };
  message?: { name: string; correlationKey: string | null };
  script?: { expression: string; resultVariable: string };
  timer?: { kind: 'timeDate' | 'timeDuration' | 'timeCycle'; value: string };
  attachedTo?: string;
  /** The enclosing sub-process, if any. */
  parent?: string;
  multi?: {
    inputElement: string | null;
    outputCollection: string | null;
    outputElement: string | null;
    sequential: boolean;
  };
  call?: {
    processId: string;
    propagateAllChildVariables: boolean;
    propagateAllParentVariables: boolean;
  };
  errorCode?: string | null;
  /** For an activity: error codes caught by its boundary events (null = catch all). */
  catchesErrors?: (string | null)[];
}

export interface ProcessMeta {
  bpmnProcessId: string;
  name: string | null;
  elements: Record<string, ElementMeta>;
  messageStarts: { elementId: string; messageName: string; messageRef: string }[];
  timerStarts: { elementId: string }[];
  hasNoneStart: boolean;
}

export interface ParsedModel {
  bpmnProcessId: string;
  meta: ProcessMeta;
  serializedContext: string;
  hash: string;
}

export const WAITING_TASK_TYPES = [
  'ServiceTask',
  'SendTask',
  'BusinessRuleTask',
  'UserTask',
  'ReceiveTask',
  'ScriptTask',
] as const;

/** Element behaviours: every task that waits for the outside world becomes a SignalTask. */
export const elementTypes: Record<string, unknown> = {
  ...Elements,
  ...Object.fromEntries(WAITING_TASK_TYPES.map((t) => [t, Elements.SignalTask])),
};

const typeResolver = TypeResolver(elementTypes);

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function ext(el: El, type: string): El | undefined {
  const ee = el.extensionElements as { values?: El[] } | undefined;
  return ee?.values?.find((v) => v.$type === type);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length ? v : undefined;
}

function problem(resourceName: string, elementId: string | null, rule: string, message: string) {
  return { resourceName, elementId, rule, message };
}

const SUPPORTED_ACTIVITIES = new Set([
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:BusinessRuleTask',
  'bpmn:UserTask',
  'bpmn:ReceiveTask',
  'bpmn:ScriptTask',
  'bpmn:Task',
]);

/** Parse, lint and check one BPMN file. Returns problems, or the parsed model. */
export async function parseModel(
  resourceName: string,
  xml: string,
): Promise<{ problems: DeployProblem[]; model?: ParsedModel }> {
  const problems: DeployProblem[] = [];
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  let parsed: { rootElement: El; warnings: { message: string }[] };
  try {
    parsed = (await moddle.fromXML(xml)) as unknown as typeof parsed;
  } catch (err) {
    return {
      problems: [problem(resourceName, null, 'parse', (err as Error).message)],
    };
  }
  for (const w of parsed.warnings) problems.push(problem(resourceName, null, 'parse', w.message));

  // Lint with Camunda's rules for the target version. A new Linter per model: a reused one
  // carries state over from the previous model.
  const linter = new Linter({
    config: { extends: 'plugin:camunda-compat/camunda-cloud-8-8' },
    resolver: new NodeResolver({ require }),
  });
  const lint = await linter.lint(parsed.rootElement);
  for (const [rule, reports] of Object.entries(lint)) {
    for (const r of reports) {
      if (r.category === 'error' || r.category === 'rule-error') {
        problems.push(problem(resourceName, r.id ?? null, rule, r.message));
      }
    }
  }

  const defs = parsed.rootElement;
  const rootElements = (defs.rootElements as El[] | undefined) ?? [];
  const processes = rootElements.filter(
    (e) => e.$type === 'bpmn:Process' && e.isExecutable === true,
  );
  if (processes.length !== 1) {
    problems.push(
      problem(
        resourceName,
        null,
        'runtime',
        `a model must contain exactly one executable process (found ${processes.length})`,
      ),
    );
  }
  if (rootElements.some((e) => e.$type === 'bpmn:Collaboration')) {
    problems.push(problem(resourceName, null, 'runtime', 'collaborations are not supported'));
  }
  const proc = processes[0];
  if (!proc) return { problems };

  const meta: ProcessMeta = {
    bpmnProcessId: proc.id ?? '',
    name: str(proc.name) ?? null,
    elements: {},
    messageStarts: [],
    timerStarts: [],
    hasNoneStart: false,
  };
  const unsupported = (el: El, why: string) =>
    problems.push(problem(resourceName, el.id ?? null, 'runtime', why));

  const flowElements: El[] = [];
  const parentOf = new Map<string, string>();
  const collect = (list: El[] | undefined, parent: string | null) => {
    for (const el of list ?? []) {
      flowElements.push(el);
      if (parent && el.id) parentOf.set(el.id, parent);
      if (el.$type === 'bpmn:SubProcess')
        collect(el.flowElements as El[] | undefined, el.id ?? null);
    }
  };
  collect(proc.flowElements as El[] | undefined, null);
  for (const el of flowElements) {
    const id = el.id ?? '';
    const t = el.$type;
    const m: ElementMeta = { id, type: t, name: str(el.name) ?? null };
    if (parentOf.has(id)) m.parent = parentOf.get(id);
    const defsOf = (el.eventDefinitions as El[] | undefined) ?? [];
    if (defsOf.length > 1) unsupported(el, `${t} with several event definitions is not supported`);
    const evDef = defsOf[0];

    const loop = el.loopCharacteristics as El | undefined;
    if (loop) {
      const z =
        loop.$type === 'bpmn:MultiInstanceLoopCharacteristics' &&
        ext(loop, 'zeebe:LoopCharacteristics');
      const taskLike = [
        'bpmn:ServiceTask',
        'bpmn:SendTask',
        'bpmn:BusinessRuleTask',
        'bpmn:UserTask',
      ];
      if (!z || !str(z.inputCollection) || !taskLike.includes(t)) {
        unsupported(
          el,
          'multi-instance is supported on service, send, business-rule and user tasks with zeebe:loopCharacteristics inputCollection',
        );
      } else {
        m.multi = {
          inputElement: str(z.inputElement) ?? null,
          outputCollection: str(z.outputCollection) ?? null,
          outputElement: str(z.outputElement) ?? null,
          sequential: loop.isSequential === true,
        };
      }
    }

    if (t === 'bpmn:SequenceFlow') {
      continue;
    } else if (SUPPORTED_ACTIVITIES.has(t)) {
      const td = ext(el, 'zeebe:TaskDefinition');
      if (t === 'bpmn:UserTask') {
        if (!ext(el, 'zeebe:UserTask')) {
          unsupported(el, 'user tasks must be Camunda user tasks (zeebe:userTask)');
        }
        const a = ext(el, 'zeebe:AssignmentDefinition');
        const s = ext(el, 'zeebe:TaskSchedule');
        const p = ext(el, 'zeebe:PriorityDefinition');
        const f = ext(el, 'zeebe:FormDefinition');
        if (f && !str(f.formId)) unsupported(el, 'only linked forms (formId) are supported');
        m.userTask = {
          assignee: str(a?.assignee),
          candidateGroups: str(a?.candidateGroups),
          candidateUsers: str(a?.candidateUsers),
          dueDate: str(s?.dueDate),
          followUpDate: str(s?.followUpDate),
          priority: str(p?.priority),
          formId: str(f?.formId),
        };
      } else if (t === 'bpmn:ReceiveTask') {
        m.message = messageOf(el, el.messageRef as El | undefined, unsupported);
      } else if (t === 'bpmn:ScriptTask') {
        const sc = ext(el, 'zeebe:Script');
        if (sc && str(sc.expression) && str(sc.resultVariable)) {
          m.script = {
            expression: String(sc.expression),
            resultVariable: String(sc.resultVariable),
          };
        } else if (!td) {
          unsupported(el, 'script task needs zeebe:script (expression, resultVariable)');
        }
      }
      if (td && t !== 'bpmn:UserTask' && t !== 'bpmn:ReceiveTask' && !m.script) {
        const headers: Record<string, string> = {};
        const th = ext(el, 'zeebe:TaskHeaders');
        for (const h of (th?.values as El[] | undefined) ?? []) {
          if (typeof h.key === 'string') headers[h.key] = String(h.value ?? '');
        }
        m.job = { type: String(td.type ?? ''), retries: String(td.retries ?? '3'), headers };
      } else if (
        !td &&
        ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'].includes(t)
      ) {
        unsupported(el, `${t} needs zeebe:taskDefinition`);
      }
    } else if (t === 'bpmn:StartEvent') {
      if (!evDef) meta.hasNoneStart = true;
      else if (evDef.$type === 'bpmn:MessageEventDefinition') {
        const msg = messageOf(el, evDef.messageRef as El | undefined, unsupported);
        if (msg) {
          const ref = (evDef.messageRef as El).id ?? '';
          meta.messageStarts.push({ elementId: id, messageName: msg.name, messageRef: ref });
        }
      } else if (evDef.$type === 'bpmn:TimerEventDefinition') {
        m.timer = timerOf(el, evDef, unsupported);
        meta.timerStarts.push({ elementId: id });
        if (m.timer && isFeel(m.timer.value)) {
          try {
            evalFeel(m.timer.value, {});
          } catch (err) {
            unsupported(el, `start timer must not depend on variables: ${(err as Error).message}`);
          }
        }
      } else unsupported(el, `start event with ${evDef.$type} is not supported`);
    } else if (t === 'bpmn:EndEvent') {
      if (evDef && evDef.$type === 'bpmn:ErrorEventDefinition') {
        m.errorCode = str((evDef.errorRef as El | undefined)?.errorCode) ?? null;
      } else if (evDef && evDef.$type !== 'bpmn:TerminateEventDefinition') {
        unsupported(el, `end event with ${evDef.$type} is not supported`);
      }
    } else if (t === 'bpmn:IntermediateCatchEvent' || t === 'bpmn:BoundaryEvent') {
      if (t === 'bpmn:BoundaryEvent') m.attachedTo = (el.attachedToRef as El | undefined)?.id;
      if (evDef?.$type === 'bpmn:MessageEventDefinition') {
        m.message = messageOf(el, evDef.messageRef as El | undefined, unsupported);
      } else if (evDef?.$type === 'bpmn:TimerEventDefinition') {
        m.timer = timerOf(el, evDef, unsupported);
      } else if (t === 'bpmn:BoundaryEvent' && evDef?.$type === 'bpmn:ErrorEventDefinition') {
        m.errorCode = str((evDef.errorRef as El | undefined)?.errorCode) ?? null;
      } else {
        unsupported(el, `${t} with ${evDef?.$type ?? 'no event definition'} is not supported`);
      }
    } else if (t === 'bpmn:IntermediateThrowEvent') {
      if (evDef) unsupported(el, `intermediate throw event with ${evDef.$type} is not supported`);
    } else if (t === 'bpmn:SubProcess') {
      if (el.triggeredByEvent) unsupported(el, 'event sub-processes are not supported yet');
    } else if (t === 'bpmn:CallActivity') {
      const ce = ext(el, 'zeebe:CalledElement');
      if (!ce || !str(ce.processId)) unsupported(el, 'call activity needs zeebe:calledElement');
      else {
        m.call = {
          processId: String(ce.processId),
          propagateAllChildVariables: ce.propagateAllChildVariables !== false,
          propagateAllParentVariables: ce.propagateAllParentVariables !== false,
        };
      }
    } else if (
      t === 'bpmn:ExclusiveGateway' ||
      t === 'bpmn:ParallelGateway' ||
      t === 'bpmn:EventBasedGateway'
    ) {
      // supported as they are
    } else {
      unsupported(el, `${t} is not supported by the embedded runtime`);
      continue;
    }

    const io = ext(el, 'zeebe:IoMapping');
    if (io) {
      const params = (v: unknown): IoParam[] =>
        ((v as El[] | undefined) ?? []).map((p) => ({
          source: String(p.source ?? ''),
          target: String(p.target ?? ''),
        }));
      m.inputs = params(io.inputParameters);
      m.outputs = params(io.outputParameters);
    }
    meta.elements[id] = m;
  }

  for (const m of Object.values(meta.elements)) {
    if (m.type === 'bpmn:BoundaryEvent' && m.attachedTo && 'errorCode' in m) {
      const target = meta.elements[m.attachedTo];
      if (target) (target.catchesErrors ??= []).push(m.errorCode ?? null);
    }
  }
  if (problems.length) return { problems };

  // Serialize from a fresh parse: reading a collection of a moddle element (as the linter and
  // the checks above do) creates it empty, and bpmn-elements then treats a start event with an
  // empty eventDefinitions list as one that waits for an event.
  const fresh = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml);
  const sourceContext = serializer(
    fresh as Parameters<typeof serializer>[0],
    typeResolver,
    extendBehaviour as Parameters<typeof serializer>[2],
  );
  return {
    problems,
    model: {
      bpmnProcessId: meta.bpmnProcessId,
      meta,
      serializedContext: sourceContext.serialize(),
      hash: sha256(xml),
    },
  };
}

function messageOf(
  el: El,
  msg: El | undefined,
  unsupported: (el: El, why: string) => void,
): ElementMeta['message'] {
  if (!msg || !str(msg.name)) {
    unsupported(el, 'message reference with a name is required');
    return undefined;
  }
  const sub = ext(msg, 'zeebe:Subscription');
  return { name: String(msg.name), correlationKey: str(sub?.correlationKey) ?? null };
}

function timerOf(
  el: El,
  def: El,
  unsupported: (el: El, why: string) => void,
): ElementMeta['timer'] {
  for (const kind of ['timeDate', 'timeDuration', 'timeCycle'] as const) {
    const body = (def[kind] as El | undefined)?.body;
    if (typeof body === 'string' && body.trim()) return { kind, value: body.trim() };
  }
  unsupported(el, 'timer without a definition');
  return undefined;
}

export type SourceContext = ReturnType<typeof deserialize>;

/**
 * bpmn-elements ignores zeebe:loopCharacteristics: copy inputCollection/inputElement onto the
 * fields its loop behaviour reads (the serializer calls this with the activity's behaviour).
 */
function extendBehaviour(behaviour: { loopCharacteristics?: { behaviour?: El } }): void {
  const lc = behaviour.loopCharacteristics?.behaviour;
  if (!lc) return;
  const z = ext(lc, 'zeebe:LoopCharacteristics');
  if (!z) return;
  lc.collection = z.inputCollection;
  lc.elementVariable = z.inputElement ?? 'item';
}

/** Deserialize the stored source context of a deployed version. */
export function loadSourceContext(serialized: string): SourceContext {
  return deserialize(JSON.parse(serialized), typeResolver);
}
