-- Work queues over open user tasks: keyset paging by due date or priority, group and assignee
-- lookups, and a notification when a task appears, changes hands or closes.

-- A task without a due date sorts last: the sort key maps NULL to 'infinity'.
CREATE INDEX user_tasks_open_due ON engine.user_tasks
  ((COALESCE(due_date, 'infinity'::timestamptz)), key) WHERE state = 'CREATED';
CREATE INDEX user_tasks_open_priority ON engine.user_tasks
  ((-priority), (COALESCE(due_date, 'infinity'::timestamptz)), key) WHERE state = 'CREATED';
CREATE INDEX user_tasks_open_assignee ON engine.user_tasks
  (assignee, (COALESCE(due_date, 'infinity'::timestamptz)), key) WHERE state = 'CREATED';
CREATE INDEX user_tasks_open_groups ON engine.user_tasks
  USING gin (candidate_groups) WHERE state = 'CREATED';

CREATE FUNCTION engine.notify_user_task_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  payload text;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.state IS NOT DISTINCT FROM OLD.state
     AND NEW.assignee IS NOT DISTINCT FROM OLD.assignee THEN
    RETURN NULL;
  END IF;
  payload := json_build_object(
    'k', NEW.key::text,
    'g', NEW.candidate_groups,
    'a', NEW.assignee,
    'p', CASE WHEN TG_OP = 'UPDATE' THEN OLD.assignee END)::text;
  -- NOTIFY payloads are limited to 8000 bytes: an oversized one becomes "re-read everything".
  IF octet_length(payload) > 7900 THEN
    payload := '{}';
  END IF;
  PERFORM pg_notify('engine_user_tasks', payload);
  RETURN NULL;
END $$;

CREATE TRIGGER user_tasks_notify AFTER INSERT OR UPDATE OF state, assignee ON engine.user_tasks
  FOR EACH ROW EXECUTE FUNCTION engine.notify_user_task_change();
