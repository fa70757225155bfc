package io.fetchq.partitioned;

import io.fetchq.QueueOptions;
import io.fetchq.TaskError;
import io.fetchq.postgres.TableLayout;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitioned layout's queue statements: queues are partitions, made, truncated and dropped
 * with DDL; finished tasks are retired a leaf at a time ({@link Retirement}); the error log is
 * partitioned by day and retired a day at a time ({@link Partitions}).
 */
final class PartitionedQueues implements TableLayout.Queues {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionedQueues.class);

  /** How often a process runs partition housekeeping at most, whatever the prune interval. */
  private static final long HOUSEKEEPING_EVERY_NANOS = 60_000_000_000L;

  private final SqlSessionFactory sessions;
  private final Partitions partitions;
  private final Retirement retirement;
  private final AtomicLong nextHousekeeping;

  PartitionedQueues(SqlSessionFactory sessions, Partitions partitions, Retirement retirement) {
    this.sessions = sessions;
    this.partitions = partitions;
    this.retirement = retirement;
    this.nextHousekeeping = new AtomicLong(System.nanoTime());
  }

  /**
   * The queue's row, counters and partition in one transaction: the partition is made apart,
   * with its leaves and indexes, and attached under SHARE UPDATE EXCLUSIVE, which no task statement
   * of another queue waits for.
   */
  @Override
  public boolean create(String queue, QueueOptions options) {
    return inTransaction(m -> {
      CreatedQueue created = m.insertQueue(queue, options.maxAttempts(), options.lock().toMillis(),
          options.errorRetention().toMillis(), options.currentVersion(), options.notifications(),
          options.finishedRetention().toMillis(), options.maxActive());
      if (created == null) {
        return false;
      }
      m.createQueueTable(queue, created.id());
      for (int remainder = 0; remainder < created.subjectPartitions(); remainder++) {
        m.createLeaf(queue, created.id(), created.subjectPartitions(), remainder);
      }
      m.attachQueueTable(queue, created.id());
      return true;
    });
  }

  /**
   * Deletes the queue's row and counters and renames its partition out of the way in one
   * transaction, so the name is free at once; then detaches the partition concurrently and drops it,
   * or leaves that to the next maintenance pass when another process is retiring partitions.
   */
  @Override
  public boolean drop(String queue) {
    Integer id = inTransaction(m -> {
      Integer found = m.lockQueue(queue);
      if (found != null) {
        m.renameQueueTable(queue, found);
        m.deleteQueue(found);
      }
      return found;
    });
    if (id == null) {
      return false;
    }
    try {
      partitions.dropQueueTable(id);
    } catch (RuntimeException e) {
      // the queue is gone already; its partition is invisible and the next pass retires it
      LOG.warn("the partition of dropped queue {} stays until the next maintenance pass: {}", queue, e.toString());
    }
    return true;
  }

  /**
   * Empties the queue's partition with TRUNCATE under an ACCESS EXCLUSIVE lock of that partition
   * alone: while it holds, no statement changes the queue's tasks, so the status counters are the
   * number of rows deleted. Errors written so far are hidden by raising the queue's error floor.
   */
  @Override
  public long truncate(int queueId, String queue) {
    Long deleted = inTransaction(m -> {
      Integer id = m.lockQueue(queue);
      if (id == null) {
        return null;
      }
      m.lockQueueTable(queue);
      long count = m.countTasks(id);
      m.truncateQueueTable(queue);
      m.resetQueue(id);
      return count;
    });
    return deleted == null ? -1 : deleted;
  }

  /** Retires whole days of the error log (at most once a minute per process), then prunes rows. */
  @Override
  public int pruneErrors(int queueId, String queue, int limit) {
    int pruned = 0;
    long now = System.nanoTime();
    long due = nextHousekeeping.get();
    if (now - due >= 0 && nextHousekeeping.compareAndSet(due, now + HOUSEKEEPING_EVERY_NANOS)) {
      try {
        pruned += partitions.housekeep(queue).queueEntriesRetired();
      } catch (RuntimeException e) {
        // the row-level prune below still runs; the next pass retires what this one could not
        LOG.warn("retiring partitions of {} failed, trying again at the next pass: {}", queue, e.toString());
      }
    }
    return pruned + run(m -> m.prune(queueId, queue, limit));
  }

  /** One leaf of the queue per pass, whatever the limit ({@link Retirement}). */
  @Override
  public int retireFinished(int queueId, String queue, int limit) {
    return retirement.retire(queue);
  }

  @Override
  public List<TaskError> errors(int queueId, String queue, String subject, int limit) {
    return run(m -> m.errors(queueId, queue, subject, limit));
  }

  /** Runs one statement in its own auto-committed session. */
  private <T> T run(Function<PartitionMapper, T> statement) {
    try (SqlSession session = sessions.openSession(true)) {
      return statement.apply(session.getMapper(PartitionMapper.class));
    }
  }

  /** Runs statements in one transaction, rolled back unless {@code work} returns. */
  private <T> T inTransaction(Function<PartitionMapper, T> work) {
    try (SqlSession session = sessions.openSession(false)) {
      try {
        T result = work.apply(session.getMapper(PartitionMapper.class));
        session.commit(true);
        return result;
      } catch (RuntimeException e) {
        try {
          session.rollback(true);
        } catch (RuntimeException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
  }
}
