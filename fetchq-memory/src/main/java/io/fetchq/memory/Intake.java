package io.fetchq.memory;

import io.fetchq.NewTask;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.PushResult;
import io.fetchq.spi.UpsertResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks arriving in one queue at one instant: push adds only new subjects (the first of a subject
 * pushed twice wins); upsert also updates existing tasks that are not ACTIVE (the last of a
 * subject wins). A new task is PENDING when due, else PLANNED; its version is the queue's current
 * one unless it names its own.
 */
final class Intake {
  private final StoredQueue queue;
  private final Instant now;

  /** Arrivals in {@code queue} at {@code now}. */
  Intake(StoredQueue queue, Instant now) {
    this.queue = queue;
    this.now = now;
  }

  /** Adds the tasks whose subjects the queue does not hold yet. */
  PushResult push(List<NewTask> tasks) {
    List<String> added = new ArrayList<>();
    for (NewTask task : tasks) {
      if (queue.tasks().get(task.subject()) == null) {
        queue.tasks().put(fresh(task));
        added.add(task.subject());
      }
    }
    queue.flow().pushed += added.size();
    return new PushResult(added);
  }

  /**
   * Adds new subjects and updates existing tasks that are not ACTIVE: payload, version, priority
   * and due time as given, attempts back to zero; their runs so far and lease are kept.
   */
  UpsertResult upsert(List<NewTask> tasks) {
    Map<String, NewTask> last = new LinkedHashMap<>();
    tasks.forEach(task -> last.put(task.subject(), task));
    List<String> inserted = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (NewTask task : last.values()) {
      Task stored = queue.tasks().get(task.subject());
      if (stored == null) {
        queue.tasks().put(fresh(task));
        inserted.add(task.subject());
      } else if (stored.status() == TaskStatus.ACTIVE) {
        skipped.add(task.subject());
      } else {
        Instant due = due(task);
        queue.tasks().put(TaskEdit.of(stored).payload(task.payload()).version(version(task)).priority(task.priority())
            .attempts(0).status(statusDue(due)).nextIteration(due).task());
        updated.add(task.subject());
      }
    }
    queue.flow().pushed += inserted.size();
    return new UpsertResult(inserted, updated, skipped);
  }

  private Task fresh(NewTask task) {
    Instant due = due(task);
    return new Task(queue.name(), task.subject(), task.payload(), version(task), task.priority(), statusDue(due),
        0, 0, now, null, due, 0);
  }

  private int version(NewTask task) {
    return task.version() == null ? queue.options().currentVersion() : task.version();
  }

  /** When the task is due: at its instant (in microseconds), or its delay (in milliseconds) from now. */
  private Instant due(NewTask task) {
    if (task.dueAt() != null) {
      return task.dueAt().truncatedTo(ChronoUnit.MICROS);
    }
    return task.delay() == null ? now : now.plusMillis(task.delay().toMillis());
  }

  private TaskStatus statusDue(Instant due) {
    return due.isAfter(now) ? TaskStatus.PLANNED : TaskStatus.PENDING;
  }
}
