package io.fetchq.spi;

import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.CancelResult;
import io.fetchq.QueueInfo;
import io.fetchq.Task;
import io.fetchq.TaskPage;
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
public interface Storage extends TaskStore, AutoCloseable {

  /** What this backend can do beyond the contract. */
  Capabilities capabilities();

  /**
   * This storage's task operations on {@code connection}, inside the transaction the caller has
   * open on it, when {@link Capabilities#transactions()} says the backend can: each call's
   * statements run on that connection and take effect when the caller commits, or never (rows,
   * counters, error log entries and wake-ups alike). The storage never commits, rolls back or
   * closes the connection, and never changes its auto-commit mode or isolation. A connection in
   * auto-commit mode is refused with {@link io.fetchq.InvalidArgumentException}, at this call and at
   * each later one. A call that fails may leave the caller's transaction aborted: the caller rolls
   * it back. The connection must reach the database this storage was opened on; the store is used
   * by one thread at a time, as the connection is.
   *
   * @throws UnsupportedOperationException when the backend does not declare transactions
   */
  default TaskStore on(java.sql.Connection connection) {
    throw new UnsupportedOperationException(
        "this backend cannot join a caller's transaction (Capabilities.transactions() is false)");
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

  /**
   * One page of the queue's tasks, in the order {@link io.fetchq.TaskFilter} describes, read from an
   * index in that order: the cost of a page does not grow with the tasks before it.
   */
  TaskPage list(TaskQuery query);

  /**
   * Makes KILLED or COMPLETED tasks PENDING now, with their attempts back to zero and their payload
   * kept; returns the subjects that moved (the others were missing or not finished).
   */
  List<String> retry(SubjectsRequest request);

  /**
   * Makes up to {@code limit} KILLED tasks of the queue (those killed longest ago first) PENDING now,
   * as {@link #retry} does; returns how many. Concurrent calls retry different tasks.
   */
  int retryKilled(String queue, int limit);

  /** Makes PLANNED tasks due now (PENDING); returns the subjects that moved. */
  List<String> runNow(SubjectsRequest request);

  /** Cancels tasks as {@link CancelRequest} describes, writing the reason to the error log. */
  CancelResult cancel(CancelRequest request);

  /**
   * Pauses or resumes the queue for every client: while it is paused, {@link #pick} locks nothing
   * (pushes, settles and maintenance go on).
   *
   * @throws QueueNotFoundException when there is no such queue
   */
  void pause(String queue, boolean paused);

  /**
   * Locks up to {@code limit} due PENDING tasks of one version, highest priority first, then oldest
   * due time, in one round trip: each becomes ACTIVE, counts an attempt and gets a new lease. Locks
   * none while the queue is paused, and no more than its {@link QueueOptions#maxActive()} leaves room
   * for, counted across every picker at once.
   */
  List<Task> pick(PickRequest request);

  /** Moves the lock of held tasks forward; returns the leases that were still current. */
  List<Lease> extend(ExtendRequest request);

  /** Runs one maintenance pass over one queue; safe to run from many processes at once. */
  MaintenanceResult maintain(MaintenanceRequest request);

  /** Error log entries, newest first. */
  List<TaskError> errors(ErrorQuery query);

  /** Releases what the backend holds (its pool); the storage is unusable afterwards. */
  @Override
  void close();
}
