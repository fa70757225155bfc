package io.fetchq.postgres;

import io.fetchq.QueueOptions;
import io.fetchq.spi.QueueInfo;
import java.time.Duration;
import java.time.Instant;

/** A row of {@code fetchq_queue}. */
record QueueRow(
    String name,
    int maxAttempts,
    long lockMs,
    long errorRetentionMs,
    int currentVersion,
    boolean notifications,
    long finishedRetentionMs,
    Instant createdAt) {

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
