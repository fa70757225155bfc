package io.fetchq.core;

import io.fetchq.spi.Outcome;

/**
 * The worker a {@link TaskRun} belongs to, as far as the run can reach it: the run asks whether it
 * may still begin, and reports once that it ended and what is to be settled. The worker keeps its
 * own books (room, runs held, handled count) behind these two calls.
 */
interface RunOwner {

  /** Whether the worker is stopping: a run that has not called its handler yet gives its task back instead. */
  boolean stopping();

  /**
   * The run ended. {@code outcome} is to be settled for its task, fenced by its lease, which holds
   * until {@link TaskRun#deadlineNanos()}; null when there is nothing to settle (the task was given
   * back already). Called once per run, on the thread that ran it; may wait while too many outcomes
   * are unsettled.
   */
  void ended(TaskRun run, Outcome outcome);
}
