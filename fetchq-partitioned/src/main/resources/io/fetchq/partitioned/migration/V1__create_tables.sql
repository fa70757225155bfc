-- Fetchq's partitioned layout. Flyway runs this with search_path set to the configured schema; no
-- object is schema-qualified. Every name starts with fetchq_part_ (tables of the schema) or
-- fetchq_ptask_, fetchq_pleaf_, fetchq_pidx_, fetchq_perror_, fetchq_pdrop_ (partitions made at run
-- time), so this layout and the postgres backend's fetchq_* tables can share one schema.

-- One row per queue, as in the postgres backend, plus:
--   subject_partitions: how many HASH(subject) leaves the queue's partition gets when it is created
--     (change the column default to change it for new queues; see docs/scaling.md);
--   errors_floor: error log entries with an id at or below it are hidden; truncate raises it, so the
--     queue's old entries vanish at once and leave with their day partition instead of a DELETE.
CREATE TABLE fetchq_part_queue (
    id                 integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text        NOT NULL UNIQUE,
    max_attempts       integer     NOT NULL,
    lock_ms            bigint      NOT NULL,
    error_retention_ms bigint      NOT NULL,
    current_version    smallint    NOT NULL,
    notifications      boolean     NOT NULL,
    subject_partitions smallint    NOT NULL DEFAULT 4 CHECK (subject_partitions BETWEEN 1 AND 1024),
    errors_floor       bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now()
);

-- The counter slots, exactly as in the postgres backend (see its migration).
CREATE TABLE fetchq_part_counter (
    queue_id    integer  NOT NULL,
    slot        smallint NOT NULL,
    planned     bigint   NOT NULL DEFAULT 0,
    pending     bigint   NOT NULL DEFAULT 0,
    active      bigint   NOT NULL DEFAULT 0,
    completed   bigint   NOT NULL DEFAULT 0,
    killed      bigint   NOT NULL DEFAULT 0,
    pushed      bigint   NOT NULL DEFAULT 0,
    picked      bigint   NOT NULL DEFAULT 0,
    processed   bigint   NOT NULL DEFAULT 0,
    rescheduled bigint   NOT NULL DEFAULT 0,
    rejected    bigint   NOT NULL DEFAULT 0,
    orphaned    bigint   NOT NULL DEFAULT 0,
    errors      bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (queue_id, slot)
) WITH (fillfactor = 50);

-- The tasks: LIST-partitioned by queue. Each queue's partition, fetchq_ptask_<queue>, is created
-- with the queue and is itself HASH-partitioned by subject into leaves fetchq_pleaf_<id>_<n>, which
-- carry the storage settings (a partitioned table has no storage of its own). The primary key holds
-- the partition key of both levels, so (queue_id, subject) is unique across every status, enforced
-- by each leaf's index. Columns and status codes as in the postgres backend.
CREATE TABLE fetchq_part_task (
    queue_id       integer     NOT NULL,
    subject        text        NOT NULL,
    payload        json,
    version        smallint    NOT NULL,
    priority       smallint    NOT NULL,
    status         smallint    NOT NULL,
    attempts       integer     NOT NULL DEFAULT 0,
    iterations     integer     NOT NULL DEFAULT 0,
    lease          bigint      NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_iteration timestamptz,
    next_iteration timestamptz NOT NULL,
    CONSTRAINT fetchq_part_task_pkey PRIMARY KEY (queue_id, subject)
) PARTITION BY LIST (queue_id);

-- The partial indexes of the postgres backend, without the leading queue_id: inside a queue's
-- partition it is one value. Every partition gets them; pick reads only fetchq_part_task_pending.
CREATE INDEX fetchq_part_task_pending ON fetchq_part_task (version, priority DESC, next_iteration) WHERE status = 1;
CREATE INDEX fetchq_part_task_planned ON fetchq_part_task (next_iteration) WHERE status = 0;
CREATE INDEX fetchq_part_task_active  ON fetchq_part_task (next_iteration) WHERE status = 2;

-- The error log: RANGE-partitioned by day (UTC), one partition fetchq_perror_<yyyymmdd> per day for
-- every queue, made ahead by the backend. A day whose every entry is past every queue's retention
-- is detached and dropped whole. No default partition: it would forbid DETACH ... CONCURRENTLY.
-- Ids come from an uncached sequence, so they grow in the order entries are written.
CREATE SEQUENCE fetchq_part_error_seq CACHE 1;

CREATE TABLE fetchq_part_error (
    id         bigint      NOT NULL DEFAULT nextval('fetchq_part_error_seq'),
    queue_id   integer     NOT NULL,
    subject    text        NOT NULL,
    attempt    integer     NOT NULL,
    message    text        NOT NULL,
    details    json,
    created_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (created_at);

ALTER SEQUENCE fetchq_part_error_seq OWNED BY fetchq_part_error.id;

CREATE INDEX fetchq_part_error_queue   ON fetchq_part_error (queue_id, id);
CREATE INDEX fetchq_part_error_subject ON fetchq_part_error (queue_id, subject, id);
CREATE INDEX fetchq_part_error_age     ON fetchq_part_error (queue_id, created_at);

CREATE SEQUENCE fetchq_part_lease_seq CACHE 64;
