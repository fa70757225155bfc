/**
 * The {@code partitioned} backend: the storage contract of {@code postgres}, on PostgreSQL
 * declarative partitioning (14 or later), for hundreds of millions of tasks. Chosen with {@code
 * fetchq.storage=partitioned}; its tables ({@code fetchq_part_*}) and Flyway history ({@code
 * fetchq_partitioned_schema_history}) are its own, so it may share a schema with {@code postgres}.
 *
 * <h2>Layout, and why</h2>
 *
 * <ul>
 *   <li>{@code fetchq_part_task} is LIST-partitioned by {@code queue_id}: each queue is a partition,
 *       {@code fetchq_ptask_<queue>}, made with the queue and itself HASH-partitioned by subject
 *       into leaves (4 by default). The primary key {@code (queue_id, subject)} holds the partition
 *       key of both levels, so a subject is unique in its queue across every status, enforced by a
 *       unique index in each leaf, race-free. Partitioning by status was rejected: a unique index
 *       must contain the partition key, so uniqueness across statuses would be lost.
 *   <li>Every partition has the partial indexes of the postgres backend; pick reads only the pending
 *       index of the queue's leaves (a Merge Append of one index scan per leaf), so its cost does
 *       not grow with planned or finished tasks, nor with the number of other queues: statements
 *       name the queue's own partition, and plan and lock nothing else.
 *   <li>Dropping a queue renames its partition out of the way (a lock on that partition alone),
 *       then detaches it {@code CONCURRENTLY} and drops it; truncating is a {@code TRUNCATE} of the
 *       partition. Making a queue builds its partition apart and attaches it. None of these takes a
 *       lock on {@code fetchq_part_task} that statements of other queues wait for (ATTACH and
 *       concurrent DETACH take SHARE UPDATE EXCLUSIVE; every task statement takes only ACCESS SHARE
 *       on the parent). CREATE TABLE ... PARTITION OF and DROP of a partition would take ACCESS
 *       EXCLUSIVE on the parent, so they are not used.
 *   <li>The error log {@code fetchq_part_error} is RANGE-partitioned by day; days are made ahead,
 *       and a day past every queue's retention is detached and dropped whole. Within the days that
 *       remain, entries past a queue's (shorter) retention are deleted row by row, as in postgres.
 *   <li>Housekeeping (days ahead, retiring days and dropped queues' partitions) runs in the
 *       maintenance of any process, one at a time under a lease kept in a row (no session state,
 *       so it works through a transaction pooler), with a bounded lock wait; promote and orphan
 *       recovery work on one queue's partition with {@code SKIP LOCKED}, so any number of
 *       processes share them.
 * </ul>
 *
 * <h2>What is shared with fetchq-postgres</h2>
 *
 * <p>This backend is fetchq-postgres's storage made with this package's {@link
 * io.fetchq.postgres.TableLayout}: every task statement is fetchq-postgres's own mapper XML, loaded
 * with this layout's table names, where a queue's tasks are {@code fetchq_ptask_${queue}}: MyBatis
 * fills in the queue name, which matched the strict queue name pattern first; every value stays a
 * bind parameter. The pool, listeners, notifications, Flyway set-up (with the shared migrations of
 * the queue, counter and task tables), type handlers and failure translation are fetchq-postgres's
 * too. This package holds only what differs: its migrations, making, truncating and dropping
 * queues, retiring finished tasks, the error log, and partition housekeeping.
 *
 * <p>See {@code docs/scaling.md} for partition management and the mapping onto Citus.
 */
package io.fetchq.partitioned;
