package io.fetchq.core;

import io.fetchq.internal.Require;
import io.fetchq.spi.Storage;
import io.fetchq.spi.TaskStore;
import java.sql.Connection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Binds the storage to a connection the caller owns, and sends a queue's wake-up inside that
 * transaction when the queue's options ask for wake-ups: listeners hear it when the caller
 * commits, never when it rolls back. Nothing here is retried (see {@link ResilientStorage#on}).
 */
final class CallerTransactions {
  private final Storage storage;
  private final Predicate<String> notifies;

  /**
   * @param notifies whether a queue's wake-ups go to other processes (its options ask for them and
   *     the backend has them)
   */
  CallerTransactions(Storage storage, Predicate<String> notifies) {
    this.storage = Require.notNull("storage", storage);
    this.notifies = Require.notNull("notifies", notifies);
  }

  /** Over {@code storage}, sending no wake-ups. */
  static CallerTransactions withoutWakeUps(Storage storage) {
    return new CallerTransactions(storage, queue -> false);
  }

  /** The storage's task operations in the transaction open on {@code connection}. */
  TaskStore on(Connection connection) {
    Require.notNull("connection", connection);
    if (!storage.capabilities().transactions()) {
      throw new UnsupportedOperationException(
          "the configured backend cannot join a caller's transaction (its capabilities say transactions=false)");
    }
    return storage.on(connection);
  }

  /** Tasks of {@code queue} became due in {@code transaction}: wakes other processes when it commits. */
  void woke(TaskStore transaction, String queue) {
    if (notifies.test(queue)) {
      transaction.notifications().ifPresent(n -> n.send(Set.of(queue)));
    }
  }
}
