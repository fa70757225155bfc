package io.fetchq.memory;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.TaskCursor;
import java.time.Instant;

/**
 * The place of a task among the tasks of its status: by the time that status sorts by ({@link
 * TaskCursor#timeOf}: the due time, the lock's expiry, or the end of the last run), then subject.
 */
record TimeOrder(Instant time, String subject) implements Comparable<TimeOrder> {
  /** The task's place among the tasks of its status. */
  static TimeOrder of(Task task) {
    return new TimeOrder(TaskCursor.timeOf(task, task.status()), task.subject());
  }

  /** A place before every task whose time is {@code time} or later. */
  static TimeOrder from(Instant time) {
    return new TimeOrder(time, "");
  }

  @Override
  public int compareTo(TimeOrder other) {
    int byTime = time.compareTo(other.time);
    return byTime != 0 ? byTime : SubjectOrder.UTF8.compare(subject, other.subject);
  }
}
