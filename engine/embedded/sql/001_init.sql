-- Schema of the embedded BPMN runtime. Owned by engine/; the app never writes here.

CREATE TABLE engine.process_definitions (
  key bigserial PRIMARY KEY,
  bpmn_process_id text NOT NULL,
  version integer NOT NULL,
  resource_name text NOT NULL,
  content_hash text NOT NULL,
  xml text NOT NULL,
  source_context jsonb NOT NULL,
  meta jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bpmn_process_id, version),
  UNIQUE (bpmn_process_id, content_hash)
);

CREATE TABLE engine.forms (
  key bigserial PRIMARY KEY,
  form_id text NOT NULL,
  version integer NOT NULL,
  content_hash text NOT NULL,
  schema jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (form_id, version),
  UNIQUE (form_id, content_hash)
);

CREATE TABLE engine.instances (
  key bigserial PRIMARY KEY,
  definition_key bigint NOT NULL REFERENCES engine.process_definitions (key),
  bpmn_process_id text NOT NULL,
  version integer NOT NULL,
  business_key text,
  state text NOT NULL,
  variables jsonb NOT NULL DEFAULT '{}',
  -- local variable scopes of running sub-processes: {executionId: {parent, vars}}
  scopes jsonb NOT NULL DEFAULT '{}',
  -- bpmn-engine state without the model (JSON text: stored and read whole, never queried)
  snapshot text,
  rev integer NOT NULL DEFAULT 0,
  parent_instance_key bigint,
  parent_execution_id text,
  parent_element_id text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX instances_state ON engine.instances (state, bpmn_process_id);
CREATE INDEX instances_business_key ON engine.instances (business_key);
CREATE INDEX instances_parent ON engine.instances (parent_instance_key) WHERE parent_instance_key IS NOT NULL;

CREATE TABLE engine.jobs (
  key bigserial PRIMARY KEY,
  instance_key bigint NOT NULL REFERENCES engine.instances (key),
  element_id text NOT NULL,
  execution_id text NOT NULL,
  type text NOT NULL,
  retries integer NOT NULL,
  custom_headers jsonb NOT NULL DEFAULT '{}',
  local_variables jsonb NOT NULL DEFAULT '{}',
  scope_id text,
  state text NOT NULL,
  worker text,
  deadline timestamptz,
  retry_at timestamptz,
  error_message text,
  activations integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  UNIQUE (instance_key, execution_id)
);
CREATE INDEX jobs_activatable ON engine.jobs (type, key) WHERE state IN ('activatable', 'activated');

CREATE TABLE engine.user_tasks (
  key bigserial PRIMARY KEY,
  instance_key bigint NOT NULL REFERENCES engine.instances (key),
  bpmn_process_id text NOT NULL,
  business_key text,
  element_id text NOT NULL,
  execution_id text NOT NULL,
  name text,
  state text NOT NULL,
  assignee text,
  candidate_groups text[] NOT NULL DEFAULT '{}',
  candidate_users text[] NOT NULL DEFAULT '{}',
  due_date timestamptz,
  follow_up_date timestamptz,
  priority integer NOT NULL DEFAULT 50,
  form_id text,
  local_variables jsonb NOT NULL DEFAULT '{}',
  scope_id text,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  UNIQUE (instance_key, execution_id)
);
CREATE INDEX user_tasks_open ON engine.user_tasks (state, key);

CREATE TABLE engine.timers (
  key bigserial PRIMARY KEY,
  instance_key bigint REFERENCES engine.instances (key),
  definition_key bigint REFERENCES engine.process_definitions (key),
  element_id text NOT NULL,
  execution_id text NOT NULL,
  due_at timestamptz NOT NULL,
  state text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (instance_key, execution_id)
);
CREATE INDEX timers_due ON engine.timers (due_at) WHERE state = 'armed';

CREATE TABLE engine.message_subscriptions (
  key bigserial PRIMARY KEY,
  instance_key bigint NOT NULL REFERENCES engine.instances (key),
  element_id text NOT NULL,
  execution_id text NOT NULL,
  message_name text NOT NULL,
  correlation_key text NOT NULL,
  scope_id text,
  state text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (instance_key, execution_id)
);
CREATE INDEX message_subscriptions_open ON engine.message_subscriptions (message_name, correlation_key)
  WHERE state = 'open';

CREATE TABLE engine.messages (
  key bigserial PRIMARY KEY,
  name text NOT NULL,
  correlation_key text NOT NULL,
  message_id text,
  variables jsonb NOT NULL DEFAULT '{}',
  expires_at timestamptz NOT NULL,
  state text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX messages_message_id ON engine.messages (name, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX messages_buffered ON engine.messages (name, correlation_key) WHERE state = 'buffered';

CREATE TABLE engine.history (
  id bigserial PRIMARY KEY,
  instance_key bigint NOT NULL REFERENCES engine.instances (key),
  element_id text NOT NULL,
  element_type text NOT NULL,
  execution_id text NOT NULL,
  state text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  UNIQUE (instance_key, execution_id)
);

CREATE TABLE engine.incidents (
  key bigserial PRIMARY KEY,
  instance_key bigint NOT NULL REFERENCES engine.instances (key),
  element_id text,
  execution_id text,
  job_key bigint,
  type text NOT NULL,
  message text NOT NULL,
  state text NOT NULL,
  pending jsonb,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz
);
CREATE INDEX incidents_instance ON engine.incidents (instance_key);
CREATE UNIQUE INDEX incidents_open_execution ON engine.incidents (instance_key, execution_id)
  WHERE state = 'active' AND execution_id IS NOT NULL;
