package io.fetchq.memory;

import io.fetchq.CancelResult;
import io.fetchq.Limits;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * An operator's commands on one queue at one instant: retry finished tasks, run planned ones now,
 * cancel tasks. The counters follow the rows by themselves (the status counts are the indexes'
 * sizes), and each cancelled task is written to the error log.
 */
final class OperatorCommands {
  private final StoredQueue queue;
  private final Instant now;

  /** Commands on {@code queue} at {@code now}. */
  OperatorCommands(StoredQueue queue, Instant now) {
    this.queue = queue;
    this.now = now;
  }

  /** KILLED or COMPLETED tasks become PENDING now, attempts back to zero; returns those moved. */
  List<String> retry(List<String> subjects) {
    List<String> moved = new ArrayList<>();
    for (String subject : new LinkedHashSet<>(subjects)) {
      Task task = queue.tasks().get(subject);
      if (task != null && (task.status() == TaskStatus.COMPLETED || task.status() == TaskStatus.KILLED)) {
        retry(task);
        moved.add(subject);
      }
    }
    return moved;
  }

  /** Up to {@code limit} KILLED tasks, killed longest ago first, retried; returns how many. */
  int retryKilled(int limit) {
    List<Task> killed = new ArrayList<>();
    for (Task task : queue.tasks().byTime(TaskStatus.KILLED).values()) {
      if (killed.size() == limit) {
        break;
      }
      killed.add(task);
    }
    killed.forEach(this::retry);
    return killed.size();
  }

  private void retry(Task task) {
    queue.tasks().put(TaskEdit.of(task).status(TaskStatus.PENDING).attempts(0).nextIteration(now).task());
  }

  /** PLANNED tasks become PENDING, due now; returns those moved. */
  List<String> runNow(List<String> subjects) {
    List<String> moved = new ArrayList<>();
    for (String subject : new LinkedHashSet<>(subjects)) {
      Task task = queue.tasks().get(subject);
      if (task != null && task.status() == TaskStatus.PLANNED) {
        queue.tasks().put(TaskEdit.of(task).status(TaskStatus.PENDING).nextIteration(now).task());
        moved.add(subject);
      }
    }
    return moved;
  }

  /**
   * PLANNED and PENDING tasks become KILLED now, or with {@code drop} every task that is not
   * ACTIVE is deleted; an ACTIVE task is marked by negating its lease, which no holder has, so its
   * outcome and extensions are refused and it is KILLED when the outcome comes or its lock expires.
   * Each task reached gets an error log entry with the reason.
   */
  CancelResult cancel(List<String> subjects, String reason, boolean drop) {
    String message = message(reason);
    List<String> killed = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    List<String> marked = new ArrayList<>();
    for (String subject : new LinkedHashSet<>(subjects)) {
      Task task = queue.tasks().get(subject);
      String done = null;
      if (task == null) {
        continue;
      } else if (task.status() == TaskStatus.ACTIVE) {
        if (task.lease() > 0) {
          queue.tasks().put(TaskEdit.of(task).lease(-task.lease()).task());
          marked.add(subject);
          done = "marked";
        }
      } else if (drop) {
        queue.tasks().remove(subject);
        dropped.add(subject);
        done = "dropped";
      } else if (task.status() == TaskStatus.PLANNED || task.status() == TaskStatus.PENDING) {
        queue.tasks().put(TaskEdit.of(task).status(TaskStatus.KILLED).lastIteration(now).nextIteration(now).task());
        killed.add(subject);
        done = "killed";
      }
      if (done != null) {
        queue.errors().write(subject, task.attempts(), message, "{\"cancelled\":\"" + done + "\"}", now);
      }
    }
    return new CancelResult(killed, dropped, marked);
  }

  /** The error log's message for a cancelled task: the operator's reason, within the message limit. */
  private static String message(String reason) {
    String message = "cancelled: " + reason;
    if (message.length() <= Limits.MAX_MESSAGE_LENGTH) {
      return message;
    }
    int end = Limits.MAX_MESSAGE_LENGTH;
    return message.substring(0, Character.isHighSurrogate(message.charAt(end - 1)) ? end - 1 : end);
  }
}
