package io.fetchq;

import io.fetchq.internal.Require;

/**
 * Which tasks of a queue to list, in what order, from where, and how many: one page of {@link
 * Queue#tasks(TaskFilter)}. Immutable; each method returns a copy.
 *
 * <p>With a status, tasks come in the order of that status's time, then subject: the due time for
 * {@link TaskStatus#PLANNED}, the lock's expiry for {@link TaskStatus#ACTIVE}, the end of the last
 * run for {@link TaskStatus#COMPLETED} and {@link TaskStatus#KILLED}. {@link TaskStatus#PENDING}
 * tasks come in the order workers pick them: by payload version, highest priority first, then due
 * time and subject (oldest first is the next to be picked). Without a status, in subject order
 * (time order for the subjects {@link QueueTasks#append(String)} makes). Every order is an index's,
 * so a page costs the same on a queue of any size. Pages follow one another through the cursor each page
 * returns, so a task added or moved meanwhile shifts no page.
 *
 * @param status only tasks in this status, or null for every status
 * @param subjectPrefix only subjects that start with this text, or null for all
 * @param order oldest (or first subject) first, or newest (last subject) first
 * @param after the cursor of the previous page ({@link TaskPage#next()}), or null for the first page
 * @param limit the page size, 1 to 1,000
 */
public record TaskFilter(TaskStatus status, String subjectPrefix, Order order, String after, int limit) {
  /** Which end of the listing comes first. */
  public enum Order {
    /** The earliest time (or first subject) first. */
    OLDEST_FIRST,
    /** The latest time (or last subject) first. */
    NEWEST_FIRST
  }

  /** The largest page. */
  public static final int MAX_PAGE = 1_000;

  public TaskFilter {
    Require.notNull("order", order);
    if (subjectPrefix != null) {
      Require.subject("subjectPrefix", subjectPrefix);
    }
    if (after != null) {
      Require.text("after", after, 4 * Limits.MAX_SUBJECT_BYTES);
    }
    Require.range("limit", limit, 1, MAX_PAGE);
  }

  /** Every task, oldest first, 100 a page. */
  public static TaskFilter all() {
    return new TaskFilter(null, null, Order.OLDEST_FIRST, null, 100);
  }

  /** The tasks in {@code status}, oldest first, 100 a page. */
  public static TaskFilter status(TaskStatus status) {
    return all().withStatus(Require.notNull("status", status));
  }

  public TaskFilter withStatus(TaskStatus status) {
    return new TaskFilter(status, subjectPrefix, order, after, limit);
  }

  public TaskFilter subjectPrefix(String subjectPrefix) {
    return new TaskFilter(status, subjectPrefix, order, after, limit);
  }

  public TaskFilter newestFirst() {
    return new TaskFilter(status, subjectPrefix, Order.NEWEST_FIRST, after, limit);
  }

  public TaskFilter oldestFirst() {
    return new TaskFilter(status, subjectPrefix, Order.OLDEST_FIRST, after, limit);
  }

  /** The page after the one that returned {@code cursor}. */
  public TaskFilter after(String cursor) {
    return new TaskFilter(status, subjectPrefix, order, cursor, limit);
  }

  /** Whether the latest time (or last subject) comes first. */
  public boolean isNewestFirst() {
    return order == Order.NEWEST_FIRST;
  }

  public TaskFilter limit(int limit) {
    return new TaskFilter(status, subjectPrefix, order, after, limit);
  }
}
