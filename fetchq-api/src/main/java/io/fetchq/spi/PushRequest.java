package io.fetchq.spi;

import io.fetchq.NewTask;
import io.fetchq.internal.Require;
import java.util.Arrays;
import java.util.List;

/**
 * Tasks to add to one queue.
 *
 * @param queue the queue's name
 * @param tasks 1 to 50,000 tasks; when a subject appears twice, push keeps the first and upsert the
 *     last
 */
public record PushRequest(String queue, List<NewTask> tasks) {
  public PushRequest {
    Require.queueName("queue", queue);
    tasks = List.copyOf(Require.batch("tasks", tasks));
  }

  public static PushRequest of(String queue, NewTask... tasks) {
    return new PushRequest(queue, Arrays.asList(Require.notNull("tasks", tasks)));
  }
}
