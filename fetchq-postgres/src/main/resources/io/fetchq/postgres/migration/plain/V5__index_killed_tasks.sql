-- The KILLED tasks of a queue by the end of their last run: an operator's list of killed tasks
-- (newest or oldest first) and a retry of every killed task read only what they return, however
-- many COMPLETED tasks the queue keeps. Killed tasks are few; the index costs a write only when a
-- task is killed or leaves that status.
CREATE INDEX fetchq_task_killed ON fetchq_task (queue_id, last_iteration) WHERE status = ${status.killed};
