package io.fetchq.spi;

import io.fetchq.TaskFilter;
import io.fetchq.internal.Require;

/**
 * One page of a queue's tasks: the queue and the {@link TaskFilter} (status, subject prefix,
 * order, cursor, page size). A backend reads the cursor with {@link TaskCursor#read} and makes the
 * next one with {@link TaskCursor#of}.
 *
 * @param queue the queue's name
 * @param filter which tasks, in what order, from where
 */
public record TaskQuery(String queue, TaskFilter filter) {
  public TaskQuery {
    Require.queueName("queue", queue);
    Require.notNull("filter", filter);
  }
}
