package io.fetchq.core;

import io.fetchq.Limits;
import io.fetchq.internal.Require;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * How one worker takes tasks from its queue. Immutable; each method returns a copy, so a builder
 * lambda reads {@code w -> w.concurrency(8).batch(10)}.
 *
 * @param concurrency how many tasks run at once (1 to 10,000)
 * @param batch the most tasks one pick locks (1 to 50,000); picked tasks wait for a free handler
 * @param lock how long a picked task is held, or null for the queue's lock
 * @param version the payload version to pick, or null for the queue's current version
 * @param idleMin the first wait after a pick found nothing; it doubles up to {@code idleMax}
 * @param idleMax the longest wait between picks of an idle queue without a wake-up
 * @param executor the user's executor for handlers (for example virtual threads), or null for a
 *     pool of {@code concurrency} threads that the worker owns; a user's executor is never shut down
 */
public record WorkerOptions(
    int concurrency,
    int batch,
    Duration lock,
    Integer version,
    Duration idleMin,
    Duration idleMax,
    ExecutorService executor) {

  public WorkerOptions {
    Require.range("concurrency", concurrency, 1, 10_000);
    Require.range("batch", batch, 1, Limits.MAX_BATCH);
    if (lock != null) {
      Require.duration("lock", lock, Duration.ofMillis(1), Limits.MAX_LOCK);
    }
    if (version != null) {
      Require.range("version", version, 0, Limits.MAX_VERSION);
    }
    Require.duration("idleMin", idleMin, Duration.ofMillis(1), Duration.ofHours(1));
    Require.duration("idleMax", idleMax, idleMin, Duration.ofHours(1));
  }

  /** Four handlers, batches of ten, the queue's lock and version, idle waits from 50 ms to 2 s. */
  public static WorkerOptions defaults() {
    return new WorkerOptions(4, 10, null, null, Duration.ofMillis(50), Duration.ofSeconds(2), null);
  }

  public WorkerOptions concurrency(int concurrency) {
    return new WorkerOptions(concurrency, batch, lock, version, idleMin, idleMax, executor);
  }

  public WorkerOptions batch(int batch) {
    return new WorkerOptions(concurrency, batch, lock, version, idleMin, idleMax, executor);
  }

  public WorkerOptions lock(Duration lock) {
    return new WorkerOptions(concurrency, batch, Require.notNull("lock", lock), version, idleMin, idleMax, executor);
  }

  public WorkerOptions version(int version) {
    return new WorkerOptions(concurrency, batch, lock, version, idleMin, idleMax, executor);
  }

  /** Idle waits start at {@code min} and double up to {@code max}. */
  public WorkerOptions idle(Duration min, Duration max) {
    return new WorkerOptions(concurrency, batch, lock, version, min, max, executor);
  }

  public WorkerOptions executor(ExecutorService executor) {
    return new WorkerOptions(concurrency, batch, lock, version, idleMin, idleMax, Require.notNull("executor", executor));
  }
}
