package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.Storage;
import io.fetchq.spi.TaskQuery;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a queue as the storage lists them, read through a storage of its own (not the
 * client's, so a test sees what is in the database, not what a client believes): every task, the
 * count in each status, the error log.
 */
final class QueueRows implements AutoCloseable {

  private final Storage storage;

  QueueRows(FetchqConfig config) {
    this.storage = StorageBackends.onClasspath().named(config.storage()).open(config.storageSettings(null));
  }

  /** Every task of the queue, in subject order. */
  List<Task> all(String queue) {
    List<Task> tasks = new ArrayList<>();
    TaskFilter filter = TaskFilter.all().limit(TaskFilter.MAX_PAGE);
    while (true) {
      TaskPage page = storage.list(new TaskQuery(queue, filter));
      tasks.addAll(page.tasks());
      if (!page.hasNext()) {
        tasks.sort(java.util.Comparator.comparing(Task::subject));
        return tasks;
      }
      filter = filter.after(page.next());
    }
  }

  /** How many listed tasks are in each status (every status present, zero when none). */
  Map<TaskStatus, Long> statusCounts(String queue) {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    for (TaskStatus status : TaskStatus.values()) {
      counts.put(status, 0L);
    }
    for (Task task : all(queue)) {
      counts.merge(task.status(), 1L, Long::sum);
    }
    return counts;
  }

  /** The newest entries of the error log, at most {@code limit}. */
  List<TaskError> errors(String queue, int limit) {
    return storage.errors(ErrorQuery.of(queue, limit));
  }

  /** The counters as the storage reports them. */
  QueueStats stats(String queue) {
    return storage.stats(queue);
  }

  /** Asserts that the status counters equal the listed rows; returns the stats for more checks. */
  QueueStats assertCountersAgreeWithRows(String queue) {
    QueueStats stats = storage.stats(queue);
    Map<TaskStatus, Long> rows = statusCounts(queue);
    for (TaskStatus status : TaskStatus.values()) {
      assertThat(stats.count(status)).as("counter of %s vs rows", status).isEqualTo(rows.get(status));
    }
    return stats;
  }

  @Override
  public void close() {
    storage.close();
  }
}
