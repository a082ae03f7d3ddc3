-- Step hand-off (adapter.ts, "step hand-off"): a process that serves steps (the worker process)
-- keeps the live bpmn-engine execution of the instances it advanced. A process that does not
-- (the web server) hands a user-task completion or a start to that process as a command instead
-- of recovering the instance from its snapshot itself, and waits for it.

-- The serving process that ran the instance's last step (its LISTEN connection's
-- application_name; null when a process that does not serve steps ran it).
ALTER TABLE engine.instances ADD COLUMN owner text;
-- The same for a job: its owner activates it first; others take it after a short while.
ALTER TABLE engine.jobs ADD COLUMN owner text;

-- Commands waiting for a step. A row exists only until its step commits (the step deletes it in
-- its own transaction), so a command is applied exactly once. Every step of an instance applies
-- the instance's waiting commands first, in order.
CREATE TABLE engine.step_commands (
  id bigserial PRIMARY KEY,
  instance_key bigint NOT NULL REFERENCES engine.instances (key),
  owner text NOT NULL,
  pending jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX step_commands_instance ON engine.step_commands (instance_key);
CREATE INDEX step_commands_created ON engine.step_commands (created_at);
