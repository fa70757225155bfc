package io.fetchq.memory;

import io.fetchq.Task;
import java.time.Instant;
import java.util.Comparator;

/**
 * The place of a PENDING task in the order workers pick: by payload version, highest priority
 * first, then oldest due time, then subject. Within one version it is the pick order itself, and
 * it is the order a listing of PENDING tasks pages in.
 */
record PickOrder(int version, int priority, Instant due, String subject) implements Comparable<PickOrder> {
  private static final Comparator<PickOrder> ORDER = Comparator.comparingInt(PickOrder::version)
      .thenComparing(PickOrder::priority, Comparator.reverseOrder())
      .thenComparing(PickOrder::due)
      .thenComparing(PickOrder::subject, SubjectOrder.UTF8);

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
    return ORDER.compare(this, other);
  }
}
