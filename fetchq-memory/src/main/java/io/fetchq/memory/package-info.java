/**
 * The {@code memory} backend: the storage contract kept in the JVM's memory, with no database.
 * Chosen with {@code fetchq.storage=memory}; only {@link io.fetchq.memory.MemoryStorageProvider}
 * is public.
 *
 * <p>A schema's data is a {@code MemoryStore}: its queues, the lease sequence and its clock. Each
 * storage call runs whole under the store's one lock, which makes every call atomic and keeps
 * concurrent callers from ever sharing a task or miscounting. A queue's tasks are indexed in the
 * orders they are read in (PENDING in pick order; PLANNED and ACTIVE by due time; COMPLETED and
 * KILLED by the end of their last run; all by subject, byte by byte as in UTF-8), so a pick reads
 * only due PENDING tasks and a page only its own rows; the status counters are the indexes' sizes,
 * so they always agree with the rows. The semantics of every operation are those of {@code
 * fetchq-postgres}, its reference.
 */
package io.fetchq.memory;
