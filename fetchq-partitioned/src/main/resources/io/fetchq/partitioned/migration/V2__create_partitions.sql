-- Fetchq's partitioned layout, after the shared V1 made fetchq_part_queue, fetchq_part_counter, the
-- task table fetchq_part_task (LIST-partitioned by queue_id, ${task_table_options}) and the lease
-- sequence. Flyway runs this with search_path set to the configured schema. Every name starts with
-- fetchq_part_ (tables of the schema) or fetchq_ptask_, fetchq_pleaf_, fetchq_pidx_,
-- fetchq_perror_, fetchq_pdrop_ (partitions made at run time), so this layout and the postgres
-- backend's fetchq_* tables can share one schema.

-- The queue row's columns of this layout:
--   subject_partitions: how many HASH(subject) leaves the queue's partition gets when it is created
--     (change the column default to change it for new queues; see docs/scaling.md);
--   errors_floor: error log entries with an id at or below it are hidden; truncate raises it, so the
--     queue's old entries vanish at once and leave with their day partition instead of a DELETE;
--   retire_turn: which of its leaves the next retire pass visits (passes go round the leaves;
--     concurrent passes take different ones).
ALTER TABLE fetchq_part_queue
    ADD COLUMN subject_partitions smallint NOT NULL DEFAULT 4 CHECK (subject_partitions BETWEEN 1 AND 1024),
    ADD COLUMN errors_floor       bigint   NOT NULL DEFAULT 0,
    ADD COLUMN retire_turn        bigint   NOT NULL DEFAULT 0;

-- Each queue's partition, fetchq_ptask_<queue>, is created with the queue and is itself
-- HASH-partitioned by subject into leaves fetchq_pleaf_<id>_<n>, which carry the storage settings
-- (a partitioned table has no storage of its own). The primary key holds the partition key of both
-- levels, so (queue_id, subject) is unique across every status, enforced by each leaf's index.
-- The partial indexes of the postgres backend, without the leading queue_id: inside a queue's
-- partition it is one value. Every partition gets them; pick reads only fetchq_part_task_pending.
-- No index on finished tasks: a retire pass reads one leaf whole, and rewrites it when many are due.
CREATE INDEX fetchq_part_task_pending ON fetchq_part_task (version, priority DESC, next_iteration) WHERE status = ${status.pending};
CREATE INDEX fetchq_part_task_planned ON fetchq_part_task (next_iteration) WHERE status = ${status.planned};
CREATE INDEX fetchq_part_task_active  ON fetchq_part_task (next_iteration) WHERE status = ${status.active};

-- The error log (fetchq_part_error, made by the shared V1): RANGE-partitioned by day (UTC), one
-- partition fetchq_perror_<yyyymmdd> per day for every queue, made ahead by the backend. A day
-- whose every entry is past every queue's retention is detached and dropped whole. No default
-- partition: it would forbid DETACH ... CONCURRENTLY. No primary key: it would have to hold the
-- day. Ids come from an uncached sequence, so they grow in the order entries are written.
CREATE SEQUENCE fetchq_part_error_seq CACHE 1 OWNED BY fetchq_part_error.id;
CREATE INDEX fetchq_part_error_queue ON fetchq_part_error (queue_id, id);
ALTER TABLE fetchq_part_error ALTER COLUMN id SET DEFAULT nextval('fetchq_part_error_seq');
