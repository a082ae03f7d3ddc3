// The engine port: everything above engine/ talks to this interface only.
// It must stay implementable by both adapters (embedded runtime and Camunda 8 / Zeebe),
// so nothing here may mention snapshots, SQL, bpmn-engine or other adapter internals.
import type { z } from 'zod';

export type Variables = Record<string, unknown>;

/** A file to deploy: a BPMN model (`*.bpmn`) or a form-js form (`*.form`). */
export interface DeployResource {
  name: string;
  content: string;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  /** false when an identical model was already deployed (same content hash). */
  isNew: boolean;
}

export interface DeployedForm {
  formId: string;
  version: number;
  formKey: string;
  isNew: boolean;
}

export interface DeployResult {
  processes: DeployedProcess[];
  forms: DeployedForm[];
}

export interface DeployProblem {
  resourceName: string;
  elementId: string | null;
  rule: string;
  message: string;
}

/** Thrown by deploy when any resource is rejected; nothing was deployed. */
export class DeployRejectedError extends Error {
  constructor(public readonly problems: DeployProblem[]) {
    super(
      'Deployment rejected:\n' +
        problems
          .map((p) => `  ${p.resourceName} ${p.elementId ?? '-'} [${p.rule}] ${p.message}`)
          .join('\n'),
    );
    this.name = 'DeployRejectedError';
  }
}

/** Thrown when a command names something that does not exist or is in the wrong state. */
export class EngineCommandError extends Error {
  constructor(
    public readonly code: 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID_ARGUMENT',
    message: string,
  ) {
    super(message);
    this.name = 'EngineCommandError';
  }
}

export interface StartInstanceRequest {
  bpmnProcessId: string;
  /** Business key: the case id. */
  businessKey?: string;
  variables?: Variables;
  /** Start on this version instead of the latest. */
  version?: number;
}

export interface StartedInstance {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  timeToLiveMs?: number;
  /** A second message with the same id (and name) while the first is known is ignored. */
  messageId?: string;
  variables?: Variables;
}

export interface PublishMessageResult {
  messageKey: string | null;
  /** false when the message id was seen before and the message was ignored. */
  accepted: boolean;
}

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'CANCELED';

export interface ProcessInstance {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  /** The calling instance, for an instance started by a call activity. */
  parentProcessInstanceKey: string | null;
  businessKey: string | null;
  state: InstanceState;
  hasIncident: boolean;
  startedAt: Date;
  endedAt: Date | null;
}

export interface ListInstancesQuery {
  bpmnProcessId?: string;
  businessKey?: string;
  state?: InstanceState;
  limit?: number;
}

export interface HistoryEntry {
  elementId: string;
  elementType: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startedAt: Date;
  endedAt: Date | null;
}

export interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  elementId: string | null;
  jobKey: string | null;
  type: string;
  message: string;
  state: 'ACTIVE' | 'RESOLVED';
  createdAt: Date;
}

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';

export interface UserTask {
  userTaskKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  businessKey: string | null;
  elementId: string;
  name: string | null;
  state: UserTaskState;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: Date | null;
  followUpDate: Date | null;
  priority: number;
  formId: string | null;
  /** The form's schema when the task has a deployed form. */
  form: unknown;
  variables: Variables;
  createdAt: Date;
  completedAt: Date | null;
}

export interface DateRange {
  from?: Date;
  to?: Date;
}

export interface UserTaskQuery {
  state?: UserTaskState;
  assignee?: string;
  candidateGroups?: string[];
  candidateUser?: string;
  bpmnProcessId?: string;
  processInstanceKey?: string;
  businessKey?: string;
  elementId?: string;
  due?: DateRange;
  followUp?: DateRange;
  /** Process variables that must equal these values. */
  variables?: Variables;
  limit?: number;
}

/** A user task in a search result page: no variables and no form (fetch the task for those). */
export type UserTaskSummary = Omit<UserTask, 'variables' | 'form'>;

/** `dueDate`: earliest due first (no due date last); `priority`: highest first, then due date. */
export type UserTaskSort = 'dueDate' | 'priority';

/** One page of a work queue; maps onto the Camunda 8 user-task search (filter, sort, cursors). */
export interface UserTaskPageQuery {
  state?: UserTaskState;
  assignee?: string;
  /** true: only tasks someone has claimed; false: only unclaimed ones. */
  assigned?: boolean;
  /** Tasks of any of these groups. */
  candidateGroups?: string[];
  bpmnProcessId?: string;
  elementId?: string;
  due?: DateRange;
  followUp?: DateRange;
  /** Process variables that must equal these values. */
  variables?: Variables;
  sort?: UserTaskSort;
  /** Opaque cursors from a previous page; at most one of them. */
  after?: string;
  before?: string;
  /** Page size, 1..200 (default 25). */
  limit?: number;
  /** Matching tasks are counted up to this many (default 10 000). */
  countLimit?: number;
}

export interface UserTaskPage {
  items: UserTaskSummary[];
  /** Matching tasks, at most `countLimit`; `totalCapped` when there are more. */
  total: number;
  totalCapped: boolean;
  /** Cursor of the next/previous page, null at either end. */
  next: string | null;
  previous: string | null;
}

/** A hint that a user task appeared, changed hands or closed; carries no process data. */
export interface UserTaskChange {
  userTaskKey: string | null;
  candidateGroups: string[];
  assignee: string | null;
  previousAssignee: string | null;
  /** true when changes may have been missed (e.g. after a reconnect): re-read everything. */
  resync: boolean;
}

// ---- jobs, in the shape of @camunda8/sdk ----

/** Returned by complete/fail/error; a handler must return one of these. */
export type JobActionAcknowledgement = { readonly __ack: 'JOB_ACTION_ACKNOWLEDGEMENT' };

export interface JobFailure {
  errorMessage: string;
  /** Remaining retries; defaults to the job's retries minus one. */
  retries?: number;
  /** Milliseconds before the job may be activated again. */
  retryBackOff?: number;
}

export interface Job<In = Variables, Out = Variables> {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  retries: number;
  deadline: Date;
  worker: string;
  customHeaders: Record<string, string>;
  variables: In;
  complete(variables?: Out): Promise<JobActionAcknowledgement>;
  fail(failure: JobFailure | string): Promise<JobActionAcknowledgement>;
  /** Throw a BPMN error: caught by an error boundary event with this code. */
  error(errorCode: string, errorMessage?: string): Promise<JobActionAcknowledgement>;
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  maxJobsToActivate: number;
  /** Lease: the job becomes activatable again if not completed within this time. */
  timeoutMs: number;
  fetchVariables?: string[];
  /** Long poll: wait up to this long for a job when none is ready (0 = return at once). */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
}

/** A job handler, registered per job type, with zod schemas for its input and output. */
export interface JobHandler<In extends z.ZodType = z.ZodType, Out extends z.ZodType = z.ZodType> {
  type: string;
  input: In;
  output: Out;
  fetchVariables?: string[];
  timeoutMs?: number;
  handler(job: Job<z.infer<In>, z.infer<Out>>): Promise<JobActionAcknowledgement>;
}

export function defineJobHandler<In extends z.ZodType, Out extends z.ZodType>(
  h: JobHandler<In, Out>,
): JobHandler<In, Out> {
  return h;
}

export interface Engine {
  deploy(resources: DeployResource[]): Promise<DeployResult>;
  startInstance(req: StartInstanceRequest): Promise<StartedInstance>;
  publishMessage(req: PublishMessageRequest): Promise<PublishMessageResult>;

  searchUserTasks(query: UserTaskQuery): Promise<UserTask[]>;
  /** A sorted, cursor-paged, counted page of user tasks (work queues). */
  searchUserTaskPage(query: UserTaskPageQuery): Promise<UserTaskPage>;
  /** Calls `listener` when user tasks change; resolves to an unsubscribe function. */
  watchUserTasks(listener: (change: UserTaskChange) => void): Promise<() => void>;
  getUserTask(userTaskKey: string): Promise<UserTask>;
  claimUserTask(userTaskKey: string, assignee: string): Promise<void>;
  unclaimUserTask(userTaskKey: string): Promise<void>;
  assignUserTask(userTaskKey: string, assignee: string | null): Promise<void>;
  completeUserTask(userTaskKey: string, variables?: Variables): Promise<void>;

  getInstance(processInstanceKey: string): Promise<ProcessInstance>;
  listInstances(query?: ListInstancesQuery): Promise<ProcessInstance[]>;
  getHistory(processInstanceKey: string): Promise<HistoryEntry[]>;
  /** The BPMN XML of a deployed process definition (for diagrams). */
  getProcessDefinitionXml(processDefinitionKey: string): Promise<string>;
  getVariables(processInstanceKey: string): Promise<Variables>;
  setVariables(processInstanceKey: string, variables: Variables): Promise<void>;
  listIncidents(query?: {
    processInstanceKey?: string;
    state?: Incident['state'];
  }): Promise<Incident[]>;
  resolveIncident(
    incidentKey: string,
    options?: { retries?: number; variables?: Variables },
  ): Promise<void>;
  cancelInstance(processInstanceKey: string): Promise<void>;

  activateJobs(req: ActivateJobsRequest): Promise<Job[]>;

  close(): Promise<void>;
}
