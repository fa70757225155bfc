package io.fetchq.core;

import java.time.Duration;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Tells each run when its lock expires: at the deadline it calls what the run gave it (which marks
 * the run's lease as lost and interrupts the handler, so that long work stops instead of racing the
 * task's next holder); it knows nothing else of runs. A
 * watch cancelled because its run finished leaves the timer at once: otherwise every run of the
 * lock's span (minutes of a fast drain, millions of tasks) would stay on the heap. Workers also
 * sweep their tasks that wait for a handler on this timer ({@link #every}).
 */
final class LockWatch implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;
  private final RuntimeClock clock;

  LockWatch(RuntimeClock clock) {
    this.clock = clock;
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "fetchq-lock-watch");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Calls {@code expired} at {@code deadlineNanos} (on the scale of {@link RuntimeClock#nanos()}),
   * unless the returned future is cancelled first. The delay is taken from the clock now: a clock
   * moved later does not move the call.
   */
  ScheduledFuture<?> watch(long deadlineNanos, Runnable expired) {
    long delay = Math.max(0, deadlineNanos - clock.nanos());
    return timer.schedule(expired, delay, TimeUnit.NANOSECONDS);
  }

  /** Runs {@code sweep} every {@code period}, first after one period, until the returned future is cancelled. */
  ScheduledFuture<?> every(Duration period, Runnable sweep) {
    long nanos = Math.max(1, period.toNanos());
    return timer.scheduleWithFixedDelay(sweep, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** How many watches wait for their deadline (sweeps not counted). */
  int watching() {
    return (int) timer.getQueue().stream()
        .filter(r -> !(r instanceof RunnableScheduledFuture<?> f && f.isPeriodic()))
        .count();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
