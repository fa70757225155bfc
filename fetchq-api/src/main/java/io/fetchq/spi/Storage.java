package io.fetchq.spi;

import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import java.util.List;

/**
 * A backend's data operations. Each call is atomic: it takes effect whole or not at all. Every
 * request record has checked its own input; a backend checks the plain queue names it is given with
 * the same rule and refuses bad ones with {@link io.fetchq.InvalidArgumentException} before any SQL. Operations
 * on a queue that does not exist throw {@link QueueNotFoundException}; database failures throw
 * {@link io.fetchq.StorageException}.
 *
 * <p>The rules each backend keeps (checked by the conformance suite): push never overwrites; upsert
 * never touches an ACTIVE task; pick hands out only due tasks of the asked version, highest
 * priority first then oldest due time, never one task to two pickers while its lock holds; an
 * outcome applies only with the current lease; counters always agree with the rows.
 */
public interface Storage extends AutoCloseable {

  /** What this backend can do beyond the contract. */
  Capabilities capabilities();

  /**
   * The backend's wake-ups between processes, when {@link Capabilities#notifications()} says it
   * has them.
   */
  default java.util.Optional<Notifications> notifications() {
    return java.util.Optional.empty();
  }

  /** Creates the queue; false when it already existed (its options are then left as they were). */
  boolean createQueue(String queue, QueueOptions options);

  /** Replaces the queue's options. */
  void updateQueue(String queue, QueueOptions options);

  /** Every queue, by name. */
  List<QueueInfo> queues();

  /** Deletes the queue with its tasks, errors and counters; false when there was none. */
  boolean dropQueue(String queue);

  /** Deletes every task and error of the queue and zeroes its counters; returns the tasks deleted. */
  long truncateQueue(String queue);

  /** Adds the tasks whose subjects do not exist in the queue yet, in one round trip. */
  PushResult push(PushRequest request);

  /** Adds new subjects and updates existing tasks that are not ACTIVE, in one round trip. */
  UpsertResult upsert(PushRequest request);

  /** The tasks with the asked subjects that exist. */
  List<Task> get(GetRequest request);

  /** Tasks in subject order, one page at a time. */
  List<Task> list(TaskQuery query);

  /**
   * Locks up to {@code limit} due PENDING tasks of one version, highest priority first, then oldest
   * due time, in one round trip: each becomes ACTIVE, counts an attempt and gets a new lease.
   */
  List<Task> pick(PickRequest request);

  /** Applies a batch of outcomes in one round trip; an outcome whose lease is not current is stale. */
  SettleResult settle(SettleRequest request);

  /** Moves the lock of held tasks forward; returns the leases that were still current. */
  List<Lease> extend(ExtendRequest request);

  /** Runs one maintenance pass over one queue; safe to run from many processes at once. */
  MaintenanceResult maintain(MaintenanceRequest request);

  /** The queue's counters. */
  QueueStats stats(String queue);

  /** Error log entries, newest first. */
  List<TaskError> errors(ErrorQuery query);

  /** Releases what the backend holds (its pool); the storage is unusable afterwards. */
  @Override
  void close();
}
