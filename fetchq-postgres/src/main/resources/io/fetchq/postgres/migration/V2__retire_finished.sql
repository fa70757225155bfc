-- Retiring finished tasks: how long each queue keeps COMPLETED and KILLED tasks after their last
-- run (36500 days, that is: kept, unless the queue says otherwise), and an index holding only
-- finished tasks, oldest first, so that a retire pass reads what it deletes and nothing else.
ALTER TABLE fetchq_queue ADD COLUMN finished_retention_ms bigint NOT NULL DEFAULT 3153600000000;

CREATE INDEX fetchq_task_finished ON fetchq_task (queue_id, last_iteration) WHERE status IN (3, -1);
