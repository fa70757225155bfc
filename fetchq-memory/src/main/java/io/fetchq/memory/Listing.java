package io.fetchq.memory;

import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.spi.TaskCursor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;

/**
 * Pages of one queue's tasks, read from the index of the listing's order and started after the
 * cursor, so a page costs the same wherever it lies: without a status, the subjects (a prefix is a
 * range of them); for PENDING tasks, pick order; for any other status, that status's time. One
 * task more than the page is read, to know whether another page follows.
 */
final class Listing {
  private final TaskTable tasks;

  /** Pages of {@code tasks}. */
  Listing(TaskTable tasks) {
    this.tasks = tasks;
  }

  /** The page {@code filter} asks for, with the cursor of the next one when more follow. */
  TaskPage page(TaskFilter filter) {
    TaskCursor after = TaskCursor.read(filter);
    List<Task> rows;
    if (filter.status() == null) {
      rows = first(subjects(filter.subjectPrefix(), after, filter.isNewestFirst()), filter, false);
    } else if (filter.status() == TaskStatus.PENDING) {
      PickOrder from = after == null ? null
          : new PickOrder(after.version(), after.priority(), after.time(), after.subject());
      rows = first(past(tasks.pending(), from, filter.isNewestFirst()), filter, true);
    } else {
      TimeOrder from = after == null ? null : new TimeOrder(after.time(), after.subject());
      rows = first(past(tasks.byTime(filter.status()), from, filter.isNewestFirst()), filter, true);
    }
    if (rows.size() <= filter.limit()) {
      return new TaskPage(rows, null);
    }
    List<Task> page = rows.subList(0, filter.limit());
    return new TaskPage(page, TaskCursor.of(filter, page.get(page.size() - 1)));
  }

  /** The part of {@code index} that comes after the place {@code from} in the listing's direction; all of it when null. */
  private static <K> NavigableMap<K, Task> past(NavigableMap<K, Task> index, K from, boolean newestFirst) {
    if (from == null) {
      return index;
    }
    return newestFirst ? index.headMap(from, false) : index.tailMap(from, false);
  }

  /** The tasks in subject order within the prefix's range, after the cursor. */
  private NavigableMap<String, Task> subjects(String prefix, TaskCursor after, boolean newestFirst) {
    String low = prefix;
    boolean lowIncluded = true;
    String high = prefix == null ? null : prefixEnd(prefix);
    boolean highIncluded = false;
    if (after != null && !newestFirst && (low == null || SubjectOrder.UTF8.compare(after.subject(), low) >= 0)) {
      low = after.subject();
      lowIncluded = false;
    }
    if (after != null && newestFirst && (high == null || SubjectOrder.UTF8.compare(after.subject(), high) <= 0)) {
      high = after.subject();
      highIncluded = false;
    }
    NavigableMap<String, Task> all = tasks.bySubject();
    if (low != null && high != null) {
      return SubjectOrder.UTF8.compare(low, high) > 0
          ? Collections.emptyNavigableMap()
          : all.subMap(low, lowIncluded, high, highIncluded);
    }
    if (low != null) {
      return all.tailMap(low, lowIncluded);
    }
    return high == null ? all : all.headMap(high, highIncluded);
  }

  /**
   * Up to a page and one of the index's tasks, in the filter's order; with {@code byPrefix}, only
   * those whose subject starts with the filter's prefix (an index of another order holds them
   * anywhere).
   */
  private static <K> List<Task> first(NavigableMap<K, Task> index, TaskFilter filter, boolean byPrefix) {
    String prefix = byPrefix ? filter.subjectPrefix() : null;
    List<Task> rows = new ArrayList<>();
    for (Task task : (filter.isNewestFirst() ? index.descendingMap() : index).values()) {
      if (rows.size() > filter.limit()) {
        break;
      }
      if (prefix == null || task.subject().startsWith(prefix)) {
        rows.add(task);
      }
    }
    return rows;
  }

  /**
   * The least subject above every subject that starts with {@code prefix}, in code point order:
   * the prefix with its last code point one higher (past the surrogates), once trailing U+10FFFF
   * are dropped; null when none is left, and no subject lies above the prefix's.
   */
  private static String prefixEnd(String prefix) {
    int[] points = prefix.codePoints().toArray();
    int length = points.length;
    while (length > 0 && points[length - 1] == Character.MAX_CODE_POINT) {
      length--;
    }
    if (length == 0) {
      return null;
    }
    int next = points[length - 1] + 1;
    points[length - 1] = next == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
    return new String(points, 0, length);
  }
}
