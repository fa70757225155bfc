package io.fetchq.postgres;

import io.fetchq.QueueOptions;
import io.fetchq.spi.QueueInfo;
import java.time.Duration;
import java.time.Instant;

/** A row of the queue table: a queue's name and options. */
record QueueRow(
    String name,
    int maxAttempts,
    long lockMs,
    long errorRetentionMs,
    int currentVersion,
    boolean notifications,
    long finishedRetentionMs,
    Instant createdAt) {

  /** The row of a queue to make or update; {@code createdAt} is the database's to set. */
  static QueueRow of(String queue, QueueOptions options) {
    return new QueueRow(
        queue,
        options.maxAttempts(),
        options.lock().toMillis(),
        options.errorRetention().toMillis(),
        options.currentVersion(),
        options.notifications(),
        options.finishedRetention().toMillis(),
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
            Duration.ofMillis(finishedRetentionMs)),
        createdAt);
  }
}
