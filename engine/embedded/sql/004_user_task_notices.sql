-- User-task notices are sent by the engine after the commit (runtime.ts, userTaskNotice), not by
-- a trigger inside the transaction: PostgreSQL serializes the commits of NOTIFYing transactions
-- through their WAL flush, so every claim, completion and step creating a task waited in line.
DROP TRIGGER IF EXISTS user_tasks_notify ON engine.user_tasks;
DROP FUNCTION IF EXISTS engine.notify_user_task_change();
