package io.fetchq.postgres;

import io.fetchq.QueueInfo;
import io.fetchq.QueueOptions;
import java.time.Duration;
import java.time.Instant;

/** A row of the queue table: a queue's name, options and state (0 for no limit on active tasks). */
record QueueRow(
    String name,
    int maxAttempts,
    long lockMs,
    long errorRetentionMs,
    int currentVersion,
    boolean notifications,
    long finishedRetentionMs,
    int maxActive,
    boolean paused,
    Instant createdAt) {

  /** The row of a queue to make or update; {@code paused} and {@code createdAt} are not written. */
  static QueueRow of(String queue, QueueOptions options) {
    return new QueueRow(
        queue,
        options.maxAttempts(),
        options.lock().toMillis(),
        options.errorRetention().toMillis(),
        options.currentVersion(),
        options.notifications(),
        options.finishedRetention().toMillis(),
        options.maxActive(),
        false,
        null);
  }

  QueueInfo toInfo() {
    return new QueueInfo(
        name,
        new QueueOptions(
            maxAttempts,
            Duration.ofMillis(lockMs),
            Duration.ofMillis(errorRetentionMs),
            currentVersion,
            notifications,
            Duration.ofMillis(finishedRetentionMs),
            maxActive),
        paused,
        createdAt);
  }
}
