-- The KILLED tasks of a queue by the end of their last run: an operator's list of killed tasks
-- (newest or oldest first) and a retry of every killed task read only what they return, however
-- many COMPLETED tasks the queue keeps. Killed tasks are few; the index costs a write only when a
-- task is killed or leaves that status. The subject ends the key because a listing orders by
-- (last run, subject), and one statement (a cancel, a settle) gives many tasks the same time.
CREATE INDEX fetchq_task_killed ON fetchq_task (queue_id, last_iteration, subject) WHERE status = ${status.killed};
