package io.fetchq;

import java.util.List;

/**
 * What a cancel did, by subject. A subject in none of the lists was not found, or was finished
 * already (COMPLETED or KILLED) and the cancel did not drop tasks.
 *
 * @param killed tasks that were waiting (PLANNED or PENDING) and are KILLED now
 * @param dropped tasks that were not ACTIVE and are deleted now, their subjects free
 * @param marked ACTIVE tasks marked cancelled: their run's outcome will be refused and the task
 *     KILLED when it comes back (or when its lock expires), never retried
 */
public record CancelResult(List<String> killed, List<String> dropped, List<String> marked) {
  public CancelResult {
    killed = List.copyOf(killed);
    dropped = List.copyOf(dropped);
    marked = List.copyOf(marked);
  }

  /** How many tasks the cancel reached. */
  public int count() {
    return killed.size() + dropped.size() + marked.size();
  }
}
