package io.fetchq.core;

import io.fetchq.internal.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RuntimeClock} for tests that runs with the system's time and can be moved forward, so
 * that a test jumps over a lock or a lease instead of waiting it out. Both readings, the instant
 * and the nanoseconds, move together and never go backwards.
 */
final class SettableClock {
  private final AtomicLong aheadNanos = new AtomicLong();
  private final RuntimeClock clock = new RuntimeClock(new Wall(), () -> System.nanoTime() + aheadNanos.get());

  /** The clock to give the runtime. */
  RuntimeClock clock() {
    return clock;
  }

  /** Moves the time forward by {@code duration}. */
  void advance(Duration duration) {
    Require.notNull("duration", duration);
    if (duration.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward: " + duration);
    }
    aheadNanos.addAndGet(duration.toNanos());
  }

  /** The instants: the system's, moved forward as far as the nanoseconds. */
  private final class Wall extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the runtime reads instants in UTC only");
    }

    @Override
    public Instant instant() {
      return Instant.now().plusNanos(aheadNanos.get());
    }
  }
}
