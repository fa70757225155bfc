package io.fetchq.partitioned;

import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.StorageException;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.internal.Require;
import io.fetchq.postgres.PostgresStorage;
import io.fetchq.postgres.QueueIds;
import io.fetchq.postgres.SqlFailures;
import io.fetchq.postgres.TableNames;
import io.fetchq.spi.Capabilities;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.GetRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Notifications;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.PushResult;
import io.fetchq.spi.QueueInfo;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.Storage;
import io.fetchq.spi.TaskQuery;
import io.fetchq.spi.UpsertResult;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code partitioned} backend. The task statements are the postgres backend's own, run by a
 * {@link PostgresStorage} over the same mapper XML loaded with this layout's table names, where the
 * task table is the queue's own partition; what differs is here: queues are partitions, made,
 * truncated and dropped with DDL, and the error log is partitioned by day.
 */
final class PartitionedStorage implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionedStorage.class);

  /**
   * The tables the shared statements use. {@code ${queue}} in the task table is filled in by MyBatis
   * with the request's queue name, which matched the strict queue name pattern when the request was
   * made (and is checked again here before every call).
   */
  static final TableNames TABLES = new TableNames(
      "fetchq_part_queue", "fetchq_ptask_${queue}", "fetchq_part_counter", "fetchq_part_error", "fetchq_part_lease_seq");

  /** SQLSTATE undefined_table: a statement named the partition of a queue dropped meanwhile. */
  private static final String UNDEFINED_TABLE = "42P01";
  /** How often a process runs partition housekeeping at most, whatever the prune interval. */
  private static final long HOUSEKEEPING_EVERY_NANOS = 60_000_000_000L;

  private final SqlSessionFactory sessions;
  private final QueueIds queueIds;
  private final PostgresStorage shared;
  private final Partitions partitions;
  private final Retirement retirement;
  private final AtomicLong nextHousekeeping;

  PartitionedStorage(
      SqlSessionFactory sessions,
      QueueIds queueIds,
      PostgresStorage shared,
      Partitions partitions,
      Retirement retirement) {
    this.sessions = sessions;
    this.queueIds = queueIds;
    this.shared = shared;
    this.partitions = partitions;
    this.retirement = retirement;
    this.nextHousekeeping = new AtomicLong(System.nanoTime());
  }

  @Override
  public Capabilities capabilities() {
    return shared.capabilities();
  }

  @Override
  public Optional<Notifications> notifications() {
    return shared.notifications();
  }

  // ---------------------------------------------------------------- queues: partitions

  /**
   * The queue's row, counters and partition in one transaction: the partition is made apart,
   * with its leaves and indexes, and attached under SHARE UPDATE EXCLUSIVE, which no task statement
   * of another queue waits for.
   */
  @Override
  public boolean createQueue(String queue, QueueOptions options) {
    Require.queueName("queue", queue);
    Require.notNull("options", options);
    return inTransaction("createQueue", m -> {
      CreatedQueue created = m.insertQueue(queue, options.maxAttempts(), options.lock().toMillis(),
          options.errorRetention().toMillis(), options.currentVersion(), options.notifications(),
          options.finishedRetention().toMillis());
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

  @Override
  public void updateQueue(String queue, QueueOptions options) {
    Require.queueName("queue", queue);
    shared.updateQueue(queue, options);
  }

  @Override
  public List<QueueInfo> queues() {
    return shared.queues();
  }

  /**
   * Deletes the queue's row and counters and renames its partition out of the way in one
   * transaction, so the name is free at once; then detaches the partition concurrently and drops it,
   * or leaves that to the next maintenance pass when another process is retiring partitions.
   */
  @Override
  public boolean dropQueue(String queue) {
    Require.queueName("queue", queue);
    queueIds.forget(queue);
    Integer id = inTransaction("dropQueue", m -> {
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
      LOG.warn("the partition of dropped queue {} stays until the next maintenance pass: {}",
          queue, SqlFailures.translate("retirePartitions", e).getMessage());
    }
    return true;
  }

  /**
   * Empties the queue's partition with TRUNCATE under an ACCESS EXCLUSIVE lock of that partition
   * alone: while it holds, no statement changes the queue's tasks, so the status counters are the
   * number of rows deleted. Errors written so far are hidden by raising the queue's error floor.
   */
  @Override
  public long truncateQueue(String queue) {
    Require.queueName("queue", queue);
    Long deleted = inTransaction("truncateQueue", m -> {
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
    if (deleted == null) {
      throw new QueueNotFoundException(queue);
    }
    return deleted;
  }

  // ---------------------------------------------------------------- tasks: the shared statements

  @Override
  public PushResult push(PushRequest request) {
    Require.notNull("request", request);
    return shared(request.queue(), () -> shared.push(request));
  }

  @Override
  public UpsertResult upsert(PushRequest request) {
    Require.notNull("request", request);
    return shared(request.queue(), () -> shared.upsert(request));
  }

  @Override
  public List<Task> get(GetRequest request) {
    Require.notNull("request", request);
    return shared(request.queue(), () -> shared.get(request));
  }

  @Override
  public List<Task> list(TaskQuery query) {
    Require.notNull("query", query);
    return shared(query.queue(), () -> shared.list(query));
  }

  @Override
  public List<Task> pick(PickRequest request) {
    Require.notNull("request", request);
    return shared(request.queue(), () -> shared.pick(request));
  }

  @Override
  public SettleResult settle(SettleRequest request) {
    Require.notNull("request", request);
    return shared(request.queue(), () -> shared.settle(request));
  }

  @Override
  public List<Lease> extend(ExtendRequest request) {
    Require.notNull("request", request);
    return shared(request.queue(), () -> shared.extend(request));
  }

  /**
   * Promote and orphan recovery are the shared statements, on the queue's partition; pruning
   * retires whole days of the error log first (at most once a minute per process) and then deletes
   * the queue's entries past its retention in the days that remain; retiring finished tasks visits
   * one leaf of the queue per pass ({@link Retirement}).
   */
  @Override
  public MaintenanceResult maintain(MaintenanceRequest request) {
    Require.notNull("request", request);
    String queue = request.queue();
    Set<MaintenanceRequest.Job> sharedJobs = EnumSet.noneOf(MaintenanceRequest.Job.class);
    sharedJobs.addAll(request.jobs());
    boolean prune = sharedJobs.remove(MaintenanceRequest.Job.PRUNE_ERRORS);
    boolean retire = sharedJobs.remove(MaintenanceRequest.Job.RETIRE_FINISHED);
    // with no job of its own left, the shared call only checks that the queue exists
    MaintenanceResult result = shared(queue,
        () -> shared.maintain(new MaintenanceRequest(queue, sharedJobs, request.limit())));
    int retired = retire ? shared(queue, () -> retire(queue)) : 0;
    int pruned = prune ? prune(queue, request.limit()) : 0;
    return new MaintenanceResult(result.promoted(), result.recovered(), result.killed(), pruned, retired);
  }

  /** Retires whole days of the error log (at most once a minute per process), then prunes rows. */
  private int prune(String queue, int limit) {
    int pruned = 0;
    long now = System.nanoTime();
    long due = nextHousekeeping.get();
    if (now - due >= 0 && nextHousekeeping.compareAndSet(due, now + HOUSEKEEPING_EVERY_NANOS)) {
      try {
        pruned += housekeep(queue).queueEntriesRetired();
      } catch (StorageException e) {
        // the row-level prune below still runs; the next pass retires what this one could not
        LOG.warn("retiring partitions of {} failed, trying again at the next pass: {}", queue, e.getMessage());
      }
    }
    int id = queueIds.id(queue);
    return pruned + run("pruneErrors", m -> m.prune(id, queue, limit));
  }

  private int retire(String queue) {
    try {
      return retirement.retire(queue);
    } catch (QueueNotFoundException e) {
      throw e;
    } catch (RuntimeException e) {
      throw SqlFailures.translate("retireFinished", e);
    }
  }

  /** One pass of partition housekeeping now, whatever the time of the last. */
  Partitions.Pass housekeep(String queue) {
    try {
      return partitions.housekeep(queue);
    } catch (RuntimeException e) {
      throw SqlFailures.translate("retirePartitions", e);
    }
  }

  @Override
  public QueueStats stats(String queue) {
    Require.queueName("queue", queue);
    return shared.stats(queue);
  }

  @Override
  public List<TaskError> errors(ErrorQuery query) {
    Require.notNull("query", query);
    String queue = query.queue();
    return queueIds.call(queue,
        id -> run("errors", m -> m.errors(id, queue, query.subject(), query.limit())), List::isEmpty);
  }

  @Override
  public void close() {
    shared.close();
  }

  // ---------------------------------------------------------------- running statements

  /**
   * Runs a shared statement of {@code queue}. Its SQL names the queue's partition, so when the
   * queue is dropped meanwhile it fails with undefined_table: that is a missing queue, unless a
   * queue of that name was made again since.
   */
  private <T> T shared(String queue, Supplier<T> call) {
    Require.queueName("queue", queue);
    try {
      return call.get();
    } catch (StorageException e) {
      if (UNDEFINED_TABLE.equals(e.sqlState())) {
        queueIds.forget(queue);
        queueIds.id(queue);
      }
      throw e;
    }
  }

  /** Runs one statement in its own auto-committed session, translating database failures. */
  private <T> T run(String operation, Function<PartitionMapper, T> statement) {
    try (SqlSession session = sessions.openSession(true)) {
      return statement.apply(session.getMapper(PartitionMapper.class));
    } catch (RuntimeException e) {
      throw SqlFailures.translate(operation, e);
    }
  }

  /** Runs statements in one transaction, rolled back unless {@code work} returns. */
  private <T> T inTransaction(String operation, Function<PartitionMapper, T> work) {
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
    } catch (RuntimeException e) {
      throw SqlFailures.translate(operation, e);
    }
  }
}
