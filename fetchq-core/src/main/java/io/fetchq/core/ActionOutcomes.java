package io.fetchq.core;

import io.fetchq.Action;
import io.fetchq.Failure;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.ThresholdPolicy;
import io.fetchq.internal.Require;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;

/**
 * Turns what a handler decided about a picked task into the outcome the storage applies, asking
 * the queue's policies about failures: the threshold policy may kill a failed task at once, else
 * the retry policy says when it runs again. A schedule's task is not settled by these rules but by
 * {@link ScheduledRuns}: it is never completed, killed or dropped by a run.
 */
final class ActionOutcomes {
  private final RetryPolicy retryPolicy;
  private final ThresholdPolicy thresholdPolicy;
  private final Payloads payloads;
  /** The rules of schedules' tasks, or null where runs of schedules are settled as ordinary ones (a queue's low-level settle). */
  private final ScheduledRuns schedules;

  ActionOutcomes(RetryPolicy retryPolicy, ThresholdPolicy thresholdPolicy) {
    this(retryPolicy, thresholdPolicy, Payloads.NONE);
  }

  /** As above, writing object payloads of actions with {@code payloads}. */
  ActionOutcomes(RetryPolicy retryPolicy, ThresholdPolicy thresholdPolicy, Payloads payloads) {
    this(retryPolicy, thresholdPolicy, payloads, null);
  }

  /** As above, settling the runs of schedules' tasks by {@code schedules}' rules (a worker's). */
  ActionOutcomes(RetryPolicy retryPolicy, ThresholdPolicy thresholdPolicy, Payloads payloads, ScheduledRuns schedules) {
    this.retryPolicy = Require.notNull("retryPolicy", retryPolicy);
    this.thresholdPolicy = Require.notNull("thresholdPolicy", thresholdPolicy);
    this.payloads = Require.notNull("payloads", payloads);
    this.schedules = schedules;
  }

  /** The outcome of {@code action} for the run {@code task} was picked for. */
  Outcome of(Task task, Action given) {
    Require.notNull("task", task);
    ScheduledRuns.Scheduled scheduled = scheduled(task);
    if (scheduled != null) {
      return schedules.after(task, scheduled, Require.notNull("action", given));
    }
    Action action = payloads.write(Require.notNull("action", given));
    Lease lease = Lease.of(task);
    Outcome outcome =
        switch (action.kind()) {
          case COMPLETE -> Outcome.complete(lease);
          case RESCHEDULE -> action.at() != null
              ? Outcome.reschedule(lease, action.at())
              : Outcome.reschedule(lease, action.delay());
          case REJECT -> failed(lease, task, new Failure(action.message(), action.details(), null));
          case KILL -> action.message() == null
              ? Outcome.kill(lease)
              : Outcome.kill(lease, action.message(), action.details());
          case DROP -> Outcome.drop(lease);
        };
    return action.payload() == null ? outcome : outcome.withPayload(action.payload());
  }

  /**
   * The outcome of a run whose payload could not be read: killed at once, since the same bytes and
   * the same code cannot succeed, with the reason in the error log.
   */
  Outcome unreadable(Task task, Failure failure) {
    ScheduledRuns.Scheduled scheduled = scheduled(task);
    if (scheduled != null) {
      return schedules.failed(task, scheduled, failure);
    }
    return Outcome.kill(Lease.of(task), failure.message(), failure.details());
  }

  /** The outcome of a failed run: killed when the threshold policy says so, else retried. */
  Outcome failed(Task task, Failure failure) {
    Require.notNull("task", task);
    Require.notNull("failure", failure);
    ScheduledRuns.Scheduled scheduled = scheduled(task);
    if (scheduled != null) {
      return schedules.failed(task, scheduled, failure);
    }
    return failed(Lease.of(task), task, failure);
  }

  private ScheduledRuns.Scheduled scheduled(Task task) {
    return schedules == null ? null : schedules.of(task);
  }

  private Outcome failed(Lease lease, Task task, Failure failure) {
    if (thresholdPolicy.killsAtOnce(task, failure)) {
      return Outcome.kill(lease, failure.message(), failure.details());
    }
    return Outcome.reject(lease, failure.message(), failure.details(), retryPolicy.delay(task.attempts()));
  }
}
