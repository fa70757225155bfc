package io.fetchq.memory;

import io.fetchq.Task;
import java.time.Instant;

/**
 * The place of a PENDING task in the order workers pick: by payload version, highest priority
 * first, then oldest due time, then subject. Within one version it is the pick order itself, and
 * it is the order a listing of PENDING tasks pages in.
 */
record PickOrder(int version, int priority, Instant due, String subject) implements Comparable<PickOrder> {
  /** The task's place. */
  static PickOrder of(Task task) {
    return new PickOrder(task.version(), task.priority(), task.nextIteration(), task.subject());
  }

  /** A place before every task of {@code version} whose priority is {@code priority} or lower. */
  static PickOrder before(int version, int priority) {
    return new PickOrder(version, priority, Instant.MIN, "");
  }

  @Override
  public int compareTo(PickOrder other) {
    if (version != other.version) {
      return Integer.compare(version, other.version);
    }
    if (priority != other.priority) {
      return Integer.compare(other.priority, priority);
    }
    int byDue = due.compareTo(other.due);
    return byDue != 0 ? byDue : SubjectOrder.UTF8.compare(subject, other.subject);
  }
}
