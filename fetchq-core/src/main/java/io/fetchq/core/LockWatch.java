package io.fetchq.core;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells each run when its lock expires: at the deadline it marks the run's lease as lost and
 * interrupts the handler, so that long work stops instead of racing the task's next holder.
 */
final class LockWatch implements AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "fetchq-lock-watch");
            thread.setDaemon(true);
            return thread;
          });

  /** Calls {@code run.expire()} at {@code deadlineNanos} (on the {@link System#nanoTime()} scale). */
  ScheduledFuture<?> watch(TaskRun run, long deadlineNanos) {
    long delay = Math.max(0, deadlineNanos - System.nanoTime());
    return timer.schedule(run::expire, delay, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
