package io.fetchq.core;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The time the runtime reads, one per {@link Fetchq}: {@link #now()} for instants compared with
 * those the storage or the circuit breaker hand out, {@link #nanos()} for deadlines and durations
 * (monotonic, of arbitrary origin, like {@link System#nanoTime()}). The runtime reads the time
 * nowhere else, so a test can give it a clock it sets. Waits still last real time: a clock moved
 * forward changes what the runtime decides the next time it looks, not when it looks.
 */
final class RuntimeClock {
  /** The system's clocks: UTC instants and {@link System#nanoTime()}. */
  static final RuntimeClock SYSTEM = new RuntimeClock(Clock.systemUTC(), System::nanoTime);

  private final Clock wall;
  private final LongSupplier monotonic;

  /**
   * @param wall the instants
   * @param monotonic the nanoseconds for deadlines; must never go backwards
   */
  RuntimeClock(Clock wall, LongSupplier monotonic) {
    this.wall = wall;
    this.monotonic = monotonic;
  }

  /**
   * The runtime's clock for instants read from {@code wall}, a clock the caller may move (a test's).
   * Deadlines and waits go on in real time, moved forward as far as {@code wall} has been moved ahead
   * of the system's time since this call, and never backwards.
   */
  static RuntimeClock following(Clock wall) {
    long startWall = wallNanos(wall);
    long startSystem = wallNanos(Clock.systemUTC());
    java.util.concurrent.atomic.AtomicLong ahead = new java.util.concurrent.atomic.AtomicLong();
    return new RuntimeClock(wall, () -> {
      long moved = (wallNanos(wall) - startWall) - (wallNanos(Clock.systemUTC()) - startSystem);
      return System.nanoTime() + ahead.accumulateAndGet(moved, Math::max);
    });
  }

  private static long wallNanos(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** The current instant. */
  Instant now() {
    return wall.instant();
  }

  /** The current reading of the monotonic nanosecond count. */
  long nanos() {
    return monotonic.getAsLong();
  }

  /** The instants as a {@link Clock}, for libraries that take one (the circuit breaker). */
  Clock wall() {
    return wall;
  }
}
