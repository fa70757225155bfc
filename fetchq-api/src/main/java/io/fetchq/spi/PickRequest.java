package io.fetchq.spi;

import io.fetchq.Limits;
import io.fetchq.internal.Require;
import java.time.Duration;

/**
 * Due tasks to lock for one picker.
 *
 * @param queue the queue's name
 * @param version the payload version to pick (0 to 32767), or null for the queue's current one
 * @param limit the most tasks to lock, 1 to 50,000
 * @param lock how long they stay held, 1 ms to 7 days, counted by the database's clock
 */
public record PickRequest(String queue, Integer version, int limit, Duration lock) {
  public PickRequest {
    Require.queueName("queue", queue);
    if (version != null) {
      Require.range("version", version, 0, Limits.MAX_VERSION);
    }
    Require.range("limit", limit, 1, Limits.MAX_BATCH);
    Require.duration("lock", lock, Duration.ofMillis(1), Limits.MAX_LOCK);
  }

  /** Picks up to {@code limit} tasks of the queue's current version. */
  public static PickRequest of(String queue, int limit, Duration lock) {
    return new PickRequest(queue, null, limit, lock);
  }
}
