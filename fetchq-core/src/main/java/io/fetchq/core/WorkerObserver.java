package io.fetchq.core;

import io.fetchq.Task;

/**
 * Told what this client's workers do, as they do it: for metrics and tracing ({@code
 * fetchq-micrometer} has both). Register one with {@link Fetchq.Builder#observe}. Calls come on
 * picker, handler and settler threads, on the path of every task: an implementation must be
 * thread-safe and quick, and never block. What it throws is logged and ignored; it never changes
 * what happens to a task.
 */
public interface WorkerObserver {

  /** The client is built; {@code fetchq} reads counters and queues (for gauges). */
  default void attached(Fetchq fetchq) {}

  /**
   * A pick of {@code queue} asked for {@code asked} tasks and got {@code picked} in {@code nanos}
   * (the round trip to the database).
   */
  default void picked(String queue, int asked, int picked, long nanos) {}

  /**
   * A handler is about to run {@code task}, on the thread that runs it; the scope returned is
   * closed on that thread when the handler returns (a tracer makes its span current in it).
   */
  default RunScope runStarting(Task task) {
    return RunScope.NONE;
  }

  /** A run ended: what it did and how long it took. */
  default void runEnded(RunEnd end) {}

  /**
   * A settle of {@code queue} applied {@code applied} outcomes and found {@code stale} whose
   * lease was no longer current (or whose run was cancelled), in {@code nanos}.
   */
  default void settled(String queue, int applied, int stale, long nanos) {}

  /** A settle of {@code queue} failed after {@code nanos}; its outcomes are tried again. */
  default void settleFailed(String queue, int outcomes, long nanos) {}
}
