-- Fetchq's plain PostgreSQL layout: one table of tasks for all queues, keyed by (queue_id, subject).
-- Flyway runs this with search_path set to the configured schema; no object is schema-qualified.

CREATE TABLE fetchq_queue (
    id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text        NOT NULL UNIQUE,
    max_attempts       integer     NOT NULL,
    lock_ms            bigint      NOT NULL,
    error_retention_ms bigint      NOT NULL,
    current_version    smallint    NOT NULL,
    notifications      boolean     NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);

-- Counters are split into slots so that concurrent writers rarely touch the same row; a queue's
-- value is the sum over its slots. Every statement that changes tasks adjusts one slot in the same
-- statement, so the sums always equal the rows. Nothing indexed ever changes: updates stay HOT.
CREATE TABLE fetchq_counter (
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

-- status: 0 planned, 1 pending, 2 active, 3 completed, -1 killed.
-- next_iteration: the due time; while active, the instant the lock expires.
-- lease: the token of the current (or last) pick, from fetchq_lease_seq; fences outcomes.
CREATE TABLE fetchq_task (
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
    PRIMARY KEY (queue_id, subject)
) WITH (fillfactor = 80,
        autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.02,
        autovacuum_vacuum_insert_scale_factor = 0.05);

-- Each partial index holds only the rows one job scans, so their cost does not grow with the
-- tasks in other statuses: pick reads fetchq_task_pending only.
CREATE INDEX fetchq_task_pending ON fetchq_task (queue_id, version, priority DESC, next_iteration) WHERE status = 1;
CREATE INDEX fetchq_task_planned ON fetchq_task (queue_id, next_iteration) WHERE status = 0;
CREATE INDEX fetchq_task_active  ON fetchq_task (queue_id, next_iteration) WHERE status = 2;

CREATE TABLE fetchq_error (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue_id   integer     NOT NULL,
    subject    text        NOT NULL,
    attempt    integer     NOT NULL,
    message    text        NOT NULL,
    details    json,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX fetchq_error_queue   ON fetchq_error (queue_id, id);
CREATE INDEX fetchq_error_subject ON fetchq_error (queue_id, subject, id);
CREATE INDEX fetchq_error_age     ON fetchq_error (queue_id, created_at);

CREATE SEQUENCE fetchq_lease_seq CACHE 64;
