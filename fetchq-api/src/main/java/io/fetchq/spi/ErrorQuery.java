package io.fetchq.spi;

import io.fetchq.Limits;
import io.fetchq.internal.Require;

/**
 * Entries of a queue's error log, newest first.
 *
 * @param queue the queue's name
 * @param subject only this task's entries, or null for all
 * @param limit the most entries, 1 to 50,000
 */
public record ErrorQuery(String queue, String subject, int limit) {
  public ErrorQuery {
    Require.queueName("queue", queue);
    if (subject != null) {
      Require.subject("subject", subject);
    }
    Require.range("limit", limit, 1, Limits.MAX_BATCH);
  }

  public static ErrorQuery of(String queue, int limit) {
    return new ErrorQuery(queue, null, limit);
  }
}
