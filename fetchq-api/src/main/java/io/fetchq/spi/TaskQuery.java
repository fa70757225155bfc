package io.fetchq.spi;

import io.fetchq.Limits;
import io.fetchq.TaskStatus;
import io.fetchq.internal.Require;

/**
 * One page of a queue's tasks in subject order.
 *
 * @param queue the queue's name
 * @param status only tasks in this status, or null for all
 * @param after only subjects after this one (the last of the previous page), or null from the start
 * @param limit the page size, 1 to 50,000
 */
public record TaskQuery(String queue, TaskStatus status, String after, int limit) {
  public TaskQuery {
    Require.queueName("queue", queue);
    if (after != null) {
      Require.subject("after", after);
    }
    Require.range("limit", limit, 1, Limits.MAX_BATCH);
  }
}
