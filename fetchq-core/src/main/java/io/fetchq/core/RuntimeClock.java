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
