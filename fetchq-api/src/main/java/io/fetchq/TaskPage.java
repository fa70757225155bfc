package io.fetchq;

import java.util.List;

/**
 * One page of a queue's tasks.
 *
 * @param tasks the tasks, in the filter's order
 * @param next the cursor of the next page ({@link TaskFilter#after(String)}), or null when this is
 *     the last
 */
public record TaskPage(List<Task> tasks, String next) {
  public TaskPage {
    tasks = List.copyOf(tasks);
  }

  /** Whether another page may follow. */
  public boolean hasNext() {
    return next != null;
  }
}
