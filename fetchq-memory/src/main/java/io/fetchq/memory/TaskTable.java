package io.fetchq.memory;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The tasks of one queue, by subject, with an index per status in the order that status is read
 * in: PENDING tasks in pick order ({@link PickOrder}), the others by their status's time ({@link
 * TimeOrder}). Every change goes through {@link #put} and {@link #remove}, which keep the indexes
 * and the rows in step, so the size of an index is the count of its status. A pick reads only the
 * PENDING index, so its cost does not grow with planned or finished tasks.
 */
final class TaskTable {
  private final NavigableMap<String, Task> bySubject = new TreeMap<>(SubjectOrder.UTF8);
  private final NavigableMap<PickOrder, Task> pending = new TreeMap<>();
  private final Map<TaskStatus, NavigableMap<TimeOrder, Task>> byTime = new EnumMap<>(TaskStatus.class);

  TaskTable() {
    for (TaskStatus status : TaskStatus.values()) {
      if (status != TaskStatus.PENDING) {
        byTime.put(status, new TreeMap<>());
      }
    }
  }

  /** The task with this subject, or null. */
  Task get(String subject) {
    return bySubject.get(subject);
  }

  /** Stores {@code task}, in place of the task with its subject if there is one. */
  void put(Task task) {
    remove(task.subject());
    bySubject.put(task.subject(), task);
    if (task.status() == TaskStatus.PENDING) {
      pending.put(PickOrder.of(task), task);
    } else {
      byTime.get(task.status()).put(TimeOrder.of(task), task);
    }
  }

  /** Deletes the task with this subject; returns it, or null when there was none. */
  Task remove(String subject) {
    Task task = bySubject.remove(subject);
    if (task != null) {
      if (task.status() == TaskStatus.PENDING) {
        pending.remove(PickOrder.of(task));
      } else {
        byTime.get(task.status()).remove(TimeOrder.of(task));
      }
    }
    return task;
  }

  /** Deletes every task; returns how many there were. */
  int clear() {
    int count = bySubject.size();
    bySubject.clear();
    pending.clear();
    byTime.values().forEach(Map::clear);
    return count;
  }

  /** How many tasks are in {@code status}. */
  int count(TaskStatus status) {
    return status == TaskStatus.PENDING ? pending.size() : byTime.get(status).size();
  }

  /** Every task, in subject order (read only). */
  NavigableMap<String, Task> bySubject() {
    return Collections.unmodifiableNavigableMap(bySubject);
  }

  /** The PENDING tasks, in pick order (read only). */
  NavigableMap<PickOrder, Task> pending() {
    return Collections.unmodifiableNavigableMap(pending);
  }

  /** The tasks of a status other than PENDING, by that status's time (read only). */
  NavigableMap<TimeOrder, Task> byTime(TaskStatus status) {
    if (status == TaskStatus.PENDING) {
      throw new IllegalArgumentException("PENDING tasks are in pick order: pending()");
    }
    return Collections.unmodifiableNavigableMap(byTime.get(status));
  }
}
