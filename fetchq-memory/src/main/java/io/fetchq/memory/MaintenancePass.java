package io.fetchq.memory;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.MaintenanceRequest.Job;
import io.fetchq.spi.MaintenanceResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One maintenance pass over one queue at one instant, each job taking at most {@code limit} tasks
 * or entries, oldest first: promote due PLANNED tasks; recover ACTIVE tasks whose lock expired
 * (PENDING again, or KILLED at the threshold or when an operator cancelled the run; each logged
 * and counted as orphaned); prune error log entries past the queue's retention; retire finished
 * tasks past the queue's finished retention, freeing their subjects.
 */
final class MaintenancePass {
  /** The error log's message for a run whose lock expired before its outcome came. */
  static final String ORPHAN_MESSAGE = "lock expired before an outcome";

  private final StoredQueue queue;
  private final Instant now;

  /** A pass over {@code queue} at {@code now}. */
  MaintenancePass(StoredQueue queue, Instant now) {
    this.queue = queue;
    this.now = now;
  }

  /** Runs {@code jobs}, in the order promote, recover, prune, retire. */
  MaintenanceResult run(Set<Job> jobs, int limit) {
    int promoted = jobs.contains(Job.PROMOTE) ? promote(limit) : 0;
    int recovered = 0;
    int killed = 0;
    if (jobs.contains(Job.RECOVER_ORPHANS)) {
      for (Task orphan : oldest(queue.tasks().byTime(TaskStatus.ACTIVE).headMap(TimeOrder.from(now), false), limit)) {
        if (recover(orphan) == TaskStatus.KILLED) {
          killed++;
        } else {
          recovered++;
        }
      }
    }
    int pruned = jobs.contains(Job.PRUNE_ERRORS)
        ? queue.errors().prune(now.minus(queue.options().errorRetention()), limit)
        : 0;
    int retired = jobs.contains(Job.RETIRE_FINISHED) ? retire(limit) : 0;
    return new MaintenanceResult(promoted, recovered, killed, pruned, retired);
  }

  /** PLANNED tasks due by now become PENDING, their due time kept. */
  private int promote(int limit) {
    List<Task> due = oldest(queue.tasks().byTime(TaskStatus.PLANNED).headMap(TimeOrder.from(now.plusNanos(1)), false), limit);
    due.forEach(task -> queue.tasks().put(TaskEdit.of(task).status(TaskStatus.PENDING).task()));
    return due.size();
  }

  /** The orphan back to PENDING, due now, or KILLED; logged with its attempt. Returns its status. */
  private TaskStatus recover(Task orphan) {
    boolean dead = orphan.attempts() >= queue.options().maxAttempts() || orphan.isCancelled();
    TaskEdit edit = TaskEdit.of(orphan).nextIteration(now);
    queue.tasks().put(dead ? edit.status(TaskStatus.KILLED).lastIteration(now).task() : edit.status(TaskStatus.PENDING).task());
    queue.errors().write(orphan.subject(), orphan.attempts(), ORPHAN_MESSAGE, null, now);
    queue.flow().orphaned++;
    return dead ? TaskStatus.KILLED : TaskStatus.PENDING;
  }

  /** Deletes COMPLETED and KILLED tasks whose last run ended before the retention, oldest first. */
  private int retire(int limit) {
    TimeOrder cutoff = TimeOrder.from(now.minus(queue.options().finishedRetention()));
    Iterator<Map.Entry<TimeOrder, Task>> completed =
        queue.tasks().byTime(TaskStatus.COMPLETED).headMap(cutoff, false).entrySet().iterator();
    Iterator<Map.Entry<TimeOrder, Task>> killed =
        queue.tasks().byTime(TaskStatus.KILLED).headMap(cutoff, false).entrySet().iterator();
    List<String> old = new ArrayList<>();
    Map.Entry<TimeOrder, Task> c = completed.hasNext() ? completed.next() : null;
    Map.Entry<TimeOrder, Task> k = killed.hasNext() ? killed.next() : null;
    while (old.size() < limit && (c != null || k != null)) {
      if (k == null || (c != null && c.getKey().compareTo(k.getKey()) <= 0)) {
        old.add(c.getKey().subject());
        c = completed.hasNext() ? completed.next() : null;
      } else {
        old.add(k.getKey().subject());
        k = killed.hasNext() ? killed.next() : null;
      }
    }
    old.forEach(queue.tasks()::remove);
    return old.size();
  }

  /** The first {@code limit} tasks of an index, in its order. */
  private static List<Task> oldest(Map<TimeOrder, Task> index, int limit) {
    List<Task> oldest = new ArrayList<>();
    for (Task task : index.values()) {
      if (oldest.size() == limit) {
        break;
      }
      oldest.add(task);
    }
    return oldest;
  }
}
