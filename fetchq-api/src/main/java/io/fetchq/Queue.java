package io.fetchq;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One named queue of tasks: its tasks ({@link QueueTasks}), each call a transaction of its own or,
 * through {@link #on(java.sql.Connection)}, inside the caller's; its options, error log, and the
 * low-level pick and settle. Safe to share between threads. Every method checks its input before
 * anything reaches the database.
 */
public interface Queue extends QueueTasks {

  /**
   * This queue's tasks inside the transaction the caller has open on {@code connection}: a push,
   * append or upsert through the handle commits with the caller's own writes or not at all, its
   * counters move in the same transaction, and workers are woken only when it commits. Fetchq
   * never commits, rolls back or closes the connection and never changes its auto-commit mode or
   * isolation; a connection in auto-commit mode is refused. The connection must reach the
   * database of this client (its search path does not matter: Fetchq names its tables with their
   * schema); the handle is used by one thread at a time, as the connection is, and is not retried
   * when the database fails: a failed call may leave the transaction aborted, and the caller rolls
   * it back.
   *
   * <pre>{@code
   * try (Connection c = dataSource.getConnection()) {
   *   c.setAutoCommit(false);
   *   insertOrder(c, order);
   *   fetchq.queue("confirmations").on(c).push(NewTask.of(order.id()));
   *   c.commit();
   * }
   * }</pre>
   *
   * @throws InvalidArgumentException when the connection is null, closed or in auto-commit mode
   * @throws UnsupportedOperationException when the backend cannot join a caller's transaction
   */
  QueueTasks on(java.sql.Connection connection);

  /**
   * The options stored with the queue (threshold, lock, retention, version, notifications, limit on
   * active tasks): every client of the queue works with these.
   */
  QueueOptions options();

  /**
   * Stores new options for the queue, for every client; workers started from now on use them.
   * Declaring a queue on a client builder never changes the options of a queue that exists; this
   * call does. A new {@link QueueOptions#maxActive()} holds from the next pick of any client.
   */
  void updateOptions(QueueOptions options);

  /**
   * One page of the queue's tasks: by status (or all), by subject prefix, oldest or newest first,
   * following the cursor of the page before ({@link TaskFilter}). Each page is read from an index in
   * its order, so its cost does not grow with the pages before it.
   *
   * <pre>{@code
   * TaskFilter killed = TaskFilter.status(TaskStatus.KILLED).newestFirst().limit(50);
   * for (TaskPage page = queue.tasks(killed); ; page = queue.tasks(killed.after(page.next()))) {
   *   page.tasks().forEach(t -> System.out.println(t.subject()));
   *   if (!page.hasNext()) break;
   * }
   * }</pre>
   */
  TaskPage tasks(TaskFilter filter);

  /**
   * Runs finished tasks again: each KILLED or COMPLETED task among {@code subjects} becomes PENDING
   * now, its attempts back to zero and its payload kept. Returns the subjects that moved; the
   * others were missing, waiting or running.
   */
  List<String> retry(List<String> subjects);

  /**
   * Retries every KILLED task of the queue, as {@link #retry} does, in bounded batches (each one
   * statement); returns how many. Safe to run from several clients at once.
   */
  long retryKilled();

  /** Makes PLANNED tasks among {@code subjects} due now; returns the subjects that moved. */
  List<String> runNow(List<String> subjects);

  /**
   * Cancels tasks, writing {@code reason} to the error log of each one reached. A PLANNED or
   * PENDING task is KILLED (or, with {@code drop}, any task that is not ACTIVE is deleted, its
   * subject free again). An ACTIVE task is marked cancelled: its handler sees {@link
   * TaskContext#cancelled()}, the outcome of its run is refused when it comes, and the task is
   * KILLED then (or when its lock expires), never retried.
   */
  CancelResult cancel(List<String> subjects, String reason, boolean drop);

  /** The newest entries of the error log, newest first, at most {@code limit}. */
  List<TaskError> errors(int limit);

  /**
   * The newest entries of the error log of the task {@code subject}, newest first, at most {@code
   * limit} (1 to {@link Limits#MAX_BATCH}): its error history, also after it was retried or dropped.
   */
  List<TaskError> errors(String subject, int limit);

  /**
   * Low level: locks up to {@code limit} due tasks of the queue's current version for {@code
   * lock}, highest priority first. Each must be settled before its lock expires.
   */
  List<Task> pick(int limit, Duration lock);

  /** Low level: applies {@code action} to a picked task; false when its lease is no longer current. */
  boolean settle(Task task, Action action);

  /** Low level: applies each action to its picked task in one round trip; returns how many applied. */
  int settleAll(Map<Task, Action> actions);
}
