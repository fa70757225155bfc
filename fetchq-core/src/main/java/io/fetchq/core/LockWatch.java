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
 *
 * <p>It also notices when the whole process stopped running for a while (stopped with SIGSTOP, a
 * long garbage collection, a starved or suspended machine): its heartbeat, due every 100 ms, comes
 * late. Then locks run out through no fault of the handlers, and {@link #pauseReport} says so.
 */
final class LockWatch implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;
  private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** A heartbeat later than this means the process did not run. */
  private static final long PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long a pause is worth reporting after it ended. */
  private static final long PAUSE_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(2);

  private final RuntimeClock clock;
  private volatile long lastBeat;
  private volatile long lastPause;
  private volatile long lastPauseEnded;

  LockWatch(RuntimeClock clock) {
    this.clock = clock;
    this.lastBeat = clock.nanos();
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "fetchq-lock-watch");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.scheduleWithFixedDelay(this::beat, HEARTBEAT_NANOS, HEARTBEAT_NANOS, TimeUnit.NANOSECONDS);
  }

  private void beat() {
    long now = clock.nanos();
    long gap = now - lastBeat - HEARTBEAT_NANOS;
    lastBeat = now;
    if (gap > PAUSE_NANOS) {
      lastPause = gap;
      lastPauseEnded = now;
    }
  }

  /**
   * Why locks may have run out before handlers could take their tasks: the process did not run for
   * a while, when it was seen to stop in the last two minutes; otherwise handlers slower than the
   * lock allows for the tasks a pick hands out.
   */
  String pauseReport() {
    long ended = lastPauseEnded;
    long since = clock.nanos() - Math.max(ended, lastBeat);
    if (ended != 0 && clock.nanos() - ended < PAUSE_MEMORY_NANOS) {
      return "This process did not run for " + TimeUnit.NANOSECONDS.toMillis(lastPause) + " ms, "
          + TimeUnit.NANOSECONDS.toSeconds(clock.nanos() - ended) + " s ago (stopped, starved of CPU or in a long"
          + " garbage collection pause), and the lock ran out meanwhile";
    }
    if (since > PAUSE_NANOS) {
      return "This process has not run for " + TimeUnit.NANOSECONDS.toMillis(since) + " ms (stopped, starved of CPU"
          + " or in a long garbage collection pause), and the lock ran out meanwhile";
    }
    return "The handlers are slower than the lock allows for the tasks a pick hands out: lower the worker's"
        + " batch, raise its concurrency, or lengthen the queue's lock";
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
