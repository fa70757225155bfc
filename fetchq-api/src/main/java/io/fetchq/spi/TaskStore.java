package io.fetchq.spi;

import io.fetchq.QueueStats;
import io.fetchq.Task;
import java.util.List;
import java.util.Optional;

/**
 * The operations on a queue's tasks that can also run inside a transaction the caller owns: push,
 * upsert, get, settle and the counters. A {@link Storage} is one, each call its own transaction;
 * {@link Storage#on(java.sql.Connection)} gives one bound to the caller's connection, where every
 * call joins the transaction open on it and takes effect when the caller commits, or never.
 *
 * <p>The rules of {@link Storage} hold for both: push never overwrites; upsert never touches an
 * ACTIVE task; an outcome applies only with the current lease; counters move with the rows, in
 * the same transaction.
 */
public interface TaskStore {

  /** Adds the tasks whose subjects do not exist in the queue yet, in one round trip. */
  PushResult push(PushRequest request);

  /** Adds new subjects and updates existing tasks that are not ACTIVE, in one round trip. */
  UpsertResult upsert(PushRequest request);

  /** The tasks with the asked subjects that exist. */
  List<Task> get(SubjectsRequest request);

  /** Applies a batch of outcomes in one round trip; an outcome whose lease is not current is stale. */
  SettleResult settle(SettleRequest request);

  /** The queue's counters. */
  QueueStats stats(String queue);

  /**
   * The backend's wake-ups between processes, when {@link Capabilities#notifications()} says it
   * has them. On a store bound to a caller's connection, a wake-up is sent by the caller's
   * transaction: listeners hear it when that commits, and never when it rolls back.
   */
  default Optional<Notifications> notifications() {
    return Optional.empty();
  }
}
