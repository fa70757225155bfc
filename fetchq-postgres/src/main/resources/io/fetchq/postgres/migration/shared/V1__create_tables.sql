-- The tables every layout has (see TableLayout), written once. Flyway runs this with search_path
-- set to the configured schema; no object is schema-qualified. Placeholders come from the layout:
-- ${queue_table}, ${task_table}, ${counter_table}, ${error_table}, ${lease_sequence} name its
-- tables, and
-- ${task_table_options} and ${error_table_options} are what its task table and error log need
-- after the columns (their partitioning, or nothing). Status codes are ${status.planned} and the others, from TaskStatus (SqlCodes).

-- One row per queue and its options. A layout may add columns of its own.
CREATE TABLE ${queue_table} (
    id                    integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                  text        NOT NULL UNIQUE,
    max_attempts          integer     NOT NULL,
    lock_ms               bigint      NOT NULL,
    error_retention_ms    bigint      NOT NULL,
    current_version       smallint    NOT NULL,
    notifications         boolean     NOT NULL,
    -- how long COMPLETED and KILLED tasks are kept after their last run: 36500 days, that is kept,
    -- unless the queue says otherwise
    finished_retention_ms bigint      NOT NULL DEFAULT 3153600000000,
    created_at            timestamptz NOT NULL DEFAULT now()
);

-- Counters are split into slots so that concurrent writers rarely touch the same row; a queue's
-- value is the sum over its slots. Every statement that changes tasks adjusts one slot in the same
-- statement, so the sums always equal the rows. Nothing indexed ever changes: updates stay HOT.
CREATE TABLE ${counter_table} (
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

-- status: a TaskStatus code (${status.planned} planned, ${status.pending} pending, ${status.active}
-- active, ${status.completed} completed, ${status.killed} killed).
-- next_iteration: the due time; while active, the instant the lock expires.
-- lease: the token of the current (or last) pick, from the lease sequence; fences outcomes.
-- The primary key makes a subject unique in its queue across every status. Subjects compare byte
-- by byte (COLLATE "C"), whatever the database's collation: the key's order is then the same on
-- every server, comparisons are cheaper, and a subject prefix is a range of the key (a search by
-- prefix reads only the subjects it finds).
CREATE TABLE ${task_table} (
    queue_id       integer     NOT NULL,
    subject        text        COLLATE "C" NOT NULL,
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
    CONSTRAINT ${task_table}_pkey PRIMARY KEY (queue_id, subject)
) ${task_table_options};

CREATE SEQUENCE ${lease_sequence} CACHE 64;

-- The error log. Its ids (the layout gives the column its default: an identity, or a sequence) grow
-- in the order entries are written; its indexes come in V3, after the layout's V2.
CREATE TABLE ${error_table} (
    id         bigint      NOT NULL,
    queue_id   integer     NOT NULL,
    subject    text        NOT NULL,
    attempt    integer     NOT NULL,
    message    text        NOT NULL,
    details    json,
    created_at timestamptz NOT NULL DEFAULT now()
) ${error_table_options};
