package io.fetchq.memory;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.SettleResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Outcomes applied to one queue's runs at one instant. An outcome applies only to an ACTIVE task
 * held under its lease; any other is stale and changes nothing. A run an operator cancelled (its
 * task's lease is the outcome's, negated) is stale too, and its task is KILLED now with its payload
 * and attempts as they were: the cancel logged it already, and it is no processed run.
 */
final class Settlement {
  private final StoredQueue queue;
  private final Instant now;

  /** Outcomes for {@code queue} applied at {@code now}. */
  Settlement(StoredQueue queue, Instant now) {
    this.queue = queue;
    this.now = now;
  }

  /** Applies each outcome whose lease is current; reports how many applied and which leases were stale. */
  SettleResult settle(List<Outcome> outcomes) {
    List<Lease> stale = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      Lease lease = outcome.lease();
      Task task = queue.tasks().get(lease.subject());
      if (task == null || task.status() != TaskStatus.ACTIVE) {
        stale.add(lease);
      } else if (task.lease() == lease.token()) {
        apply(task, outcome);
      } else {
        if (task.lease() == -lease.token()) {
          queue.tasks().put(TaskEdit.of(task).status(TaskStatus.KILLED).lastIteration(now).nextIteration(now).task());
        }
        stale.add(lease);
      }
    }
    return new SettleResult(outcomes.size() - stale.size(), stale);
  }

  private void apply(Task task, Outcome outcome) {
    String payload = outcome.payload() == null ? task.payload() : outcome.payload();
    TaskEdit ended = TaskEdit.of(task).payload(payload).iterations(task.iterations() + 1).lastIteration(now)
        .nextIteration(now);
    switch (outcome.kind()) {
      case COMPLETE -> queue.tasks().put(ended.status(TaskStatus.COMPLETED).attempts(0).task());
      case RESCHEDULE -> {
        Instant due = due(outcome);
        queue.tasks().put(ended.status(statusDue(due)).attempts(0).nextIteration(due).task());
        queue.flow().rescheduled++;
      }
      case REJECT -> {
        Instant due = due(outcome);
        boolean spent = task.attempts() >= queue.options().maxAttempts();
        queue.tasks().put(ended.status(spent ? TaskStatus.KILLED : statusDue(due)).nextIteration(due).task());
        queue.errors().write(task.subject(), task.attempts(), outcome.message(), outcome.details(), now);
        queue.flow().rejected++;
      }
      case KILL -> {
        queue.tasks().put(ended.status(TaskStatus.KILLED).task());
        if (outcome.message() != null) {
          queue.errors().write(task.subject(), task.attempts(), outcome.message(), outcome.details(), now);
        }
      }
      case DROP -> queue.tasks().remove(task.subject());
      case RELEASE -> queue.tasks().put(TaskEdit.of(task).status(TaskStatus.PENDING)
          .attempts(Math.max(task.attempts() - 1, 0)).nextIteration(now).task());
    }
    if (outcome.kind() != Outcome.Kind.RELEASE) {
      queue.flow().processed++;
    }
  }

  /** When the task is due again: at the outcome's instant (in microseconds), or its delay (in milliseconds) from now. */
  private Instant due(Outcome outcome) {
    return outcome.at() != null ? outcome.at().truncatedTo(ChronoUnit.MICROS) : now.plusMillis(outcome.delay().toMillis());
  }

  private TaskStatus statusDue(Instant due) {
    return due.isAfter(now) ? TaskStatus.PLANNED : TaskStatus.PENDING;
  }
}
