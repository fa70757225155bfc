package io.fetchq.spi;

import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.internal.Require;
import java.util.Arrays;
import java.util.List;

/**
 * Tasks to add to one queue.
 *
 * @param queue the queue's name
 * @param tasks 1 to 50,000 tasks; when a subject appears twice, push keeps the first and upsert the
 *     last; payloads are JSON text (a client writes object payloads with its codec before it makes
 *     the request)
 */
public record PushRequest(String queue, List<NewTask> tasks) {
  public PushRequest {
    Require.queueName("queue", queue);
    tasks = List.copyOf(Require.batch("tasks", tasks));
    for (NewTask task : tasks) {
      if (task.value() != null) {
        throw new InvalidArgumentException("tasks", "hold an object payload (\"" + task.subject()
            + "\") that no codec has written to JSON; the client writes it before the storage sees it");
      }
    }
  }

  public static PushRequest of(String queue, NewTask... tasks) {
    return new PushRequest(queue, Arrays.asList(Require.notNull("tasks", tasks)));
  }
}
