package io.fetchq.core;

import io.fetchq.Task;
import io.fetchq.spi.Outcome;

/**
 * How one run ended, as a {@link WorkerObserver} is told.
 *
 * @param task the task as it was picked
 * @param outcome what the run asked of the task (as its handler's action and the queue's policies
 *     made it); {@link Outcome.Kind#RELEASE} when the task was given back without running to the
 *     end (shutdown, or its lock ran out before a handler thread was free); {@code null} only when
 *     the handler's thread died of an error that left no outcome
 * @param failed whether the handler threw, returned no action or its payload was unreadable
 * @param handlerNanos how long the handler ran; 0 when it did not run
 * @param sincePickNanos from the pick that handed the task out to the end of the run: the time the
 *     task waited for a handler thread plus the handler's
 */
public record RunEnd(Task task, Outcome.Kind outcome, boolean failed, long handlerNanos, long sincePickNanos) {

  /** The queue of the task. */
  public String queue() {
    return task.queue();
  }
}
