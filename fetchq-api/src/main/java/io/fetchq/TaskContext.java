package io.fetchq;

import java.time.Duration;
import java.util.Optional;

/** What a running {@link Handler} may use besides its task: queues, its lease, and the user's services. */
public interface TaskContext {

  /** The queue named {@code name}, to push the work this run discovers. */
  Queue queue(String name);

  /** The lease that fences this run; usable as an idempotency key downstream. */
  long lease();

  /** The attempt this run is: 1 for the first try since the last success. */
  int attempt();

  /** Whether the lock expired and the run may have been handed to another worker. */
  boolean leaseLost();

  /**
   * Whether an operator cancelled this run ({@link Queue#cancel}): its outcome will be refused and
   * the task KILLED, so a long handler may stop early. Asks the database on each call (one
   * round trip); false when the lease was lost to another run.
   */
  boolean cancelled();

  /** Holds the task for {@code lock} more from now; false when the lease is already lost. */
  boolean extendLock(Duration lock);

  /**
   * Applies {@code action} to this run inside the transaction the caller has open on {@code
   * connection}, fenced by the lease: the outcome commits with the handler's own writes on that
   * connection, or not at all. The runtime then settles this run no more, whatever the handler
   * returns; if the caller's transaction rolls back, the task is as a run whose lease was lost:
   * it stays held until its lock expires and then comes back as an orphan. At most once per run.
   * Fetchq never commits, rolls back or closes the connection.
   *
   * <pre>{@code
   * try (Connection c = dataSource.getConnection()) {
   *   c.setAutoCommit(false);
   *   insertInvoice(c, task.subject());
   *   context.settle(c, Action.complete());
   *   c.commit();
   * }
   * return Action.complete(); // not applied again: the run was settled in the transaction
   * }</pre>
   *
   * @throws LeaseLostException when the lease is no longer current: nothing was applied, and the
   *     caller rolls back its own writes
   * @throws IllegalStateException when this run was already settled this way
   * @throws InvalidArgumentException when the connection is null, closed or in auto-commit mode
   */
  void settle(java.sql.Connection connection, Action action);

  /**
   * This run's payload read as {@code type} by the client's {@link PayloadCodec}; {@code null} when
   * the task has no payload.
   *
   * @throws UnreadablePayloadException when the codec cannot read it as {@code type}, or there is
   *     no codec; let it escape and the task is killed with the codec's message
   */
  <T> T payload(Class<T> type);

  /** A service the user registered under this type, if any. */
  <T> Optional<T> service(Class<T> type);
}
