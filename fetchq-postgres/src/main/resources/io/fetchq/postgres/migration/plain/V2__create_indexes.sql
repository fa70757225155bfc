-- The postgres layout: one table of tasks for every queue, keyed by (queue_id, subject).

-- Storage settings for a high-churn table (see docs/operations.md).
ALTER TABLE fetchq_task SET (fillfactor = 80,
                             autovacuum_vacuum_scale_factor = 0.02,
                             autovacuum_analyze_scale_factor = 0.02,
                             autovacuum_vacuum_insert_scale_factor = 0.05);

-- Each partial index holds only the rows one job scans, so their cost does not grow with the
-- tasks in other statuses: pick reads fetchq_task_pending only; a retire pass reads
-- fetchq_task_finished, oldest first, and so reads what it deletes and nothing else.
CREATE INDEX fetchq_task_pending  ON fetchq_task (queue_id, version, priority DESC, next_iteration) WHERE status = ${status.pending};
CREATE INDEX fetchq_task_planned  ON fetchq_task (queue_id, next_iteration) WHERE status = ${status.planned};
CREATE INDEX fetchq_task_active   ON fetchq_task (queue_id, next_iteration) WHERE status = ${status.active};
CREATE INDEX fetchq_task_finished ON fetchq_task (queue_id, last_iteration) WHERE status IN (${status.completed}, ${status.killed});

-- The error log's ids: an identity. Its key leads with queue_id, so that Citus can distribute the
-- table by queue (a distributed table's keys must hold its distribution column); it is also the
-- index that reads a queue's entries newest first.
ALTER TABLE fetchq_error ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY,
                         ADD CONSTRAINT fetchq_error_pkey PRIMARY KEY (queue_id, id);
