// Small database helpers of the embedded runtime.
import { createHash } from 'node:crypto';
import type pg from 'pg';

export type Client = pg.PoolClient;

/** Names of prepared statements by SQL text (the same text gets the same name everywhere). */
const statementNames = new Map<string, string>();
/** Fixed statements only: a text built from data would leave a new prepared statement behind. */
const MAX_STATEMENTS = 400;

/**
 * A query config that runs as a named (prepared) statement: PostgreSQL parses and plans it once
 * per connection instead of on every call. Only for SQL text that does not vary with data.
 */
export function prepared(text: string, values?: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_STATEMENTS) {
    name = `engine_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name ? { name, text, values } : { text, values };
}

/** The client of a transaction: every query with fixed SQL text runs as a prepared statement. */
function preparing(client: pg.PoolClient): Client {
  const wrapped = Object.create(client) as Client;
  wrapped.query = ((text: unknown, values?: unknown[]) =>
    typeof text === 'string'
      ? client.query(prepared(text, values))
      : client.query(text as pg.QueryConfig, values)) as Client['query'];
  return wrapped;
}

export async function withTx<T>(pool: pg.Pool, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const result = await fn(preparing(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  } finally {
    client.release();
  }
}

export interface InstanceRow {
  key: string;
  definition_key: string;
  bpmn_process_id: string;
  version: number;
  business_key: string | null;
  state: 'ACTIVE' | 'COMPLETED' | 'CANCELED';
  variables: Record<string, unknown>;
  scopes: Record<string, { parent: string | null; vars: Record<string, unknown> }>;
  snapshot: unknown;
  parent_instance_key: string | null;
  parent_execution_id: string | null;
  parent_element_id: string | null;
  rev: number;
  started_at: Date;
  ended_at: Date | null;
}

export interface JobRow {
  key: string;
  instance_key: string;
  element_id: string;
  execution_id: string;
  type: string;
  retries: number;
  custom_headers: Record<string, string>;
  local_variables: Record<string, unknown>;
  scope_id: string | null;
  state: 'activatable' | 'activated' | 'failed' | 'completed' | 'canceled' | 'error_thrown';
  worker: string | null;
  deadline: Date | null;
  retry_at: Date | null;
  created_at: Date;
}

export interface UserTaskRow {
  key: string;
  instance_key: string;
  bpmn_process_id: string;
  business_key: string | null;
  element_id: string;
  execution_id: string;
  name: string | null;
  state: 'CREATED' | 'COMPLETED' | 'CANCELED';
  assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  due_date: Date | null;
  follow_up_date: Date | null;
  priority: number;
  form_id: string | null;
  local_variables: Record<string, unknown>;
  scope_id: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export interface IncidentRow {
  key: string;
  instance_key: string;
  element_id: string | null;
  execution_id: string | null;
  job_key: string | null;
  type: string;
  message: string;
  state: 'active' | 'resolved';
  pending: unknown;
  created_at: Date;
}
