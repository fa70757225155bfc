package io.fetchq.test;

import io.fetchq.InvalidArgumentException;
import io.fetchq.internal.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, and only forward: every reading between two
 * moves is the same instant, in microseconds (what PostgreSQL stores). Safe to read and move from
 * any thread; views in other zones ({@link #withZone}) share its time.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code start} (truncated to microseconds), in UTC. */
  public static TestClock at(Instant start) {
    Require.notNull("start", start);
    return new TestClock(new AtomicReference<>(start.truncatedTo(ChronoUnit.MICROS)), ZoneOffset.UTC);
  }

  /** A clock standing at the system's current time, to the second, in UTC. */
  public static TestClock atNow() {
    return at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** Moves the clock forward by {@code duration}; returns the new time. */
  public Instant advance(Duration duration) {
    Require.notNull("duration", duration);
    if (duration.isNegative()) {
      throw new InvalidArgumentException("duration", "must not be negative: the clock only moves forward; was " + duration);
    }
    return now.updateAndGet(t -> t.plus(duration).truncatedTo(ChronoUnit.MICROS));
  }

  /** Moves the clock forward to {@code instant} (truncated to microseconds); returns it. */
  public Instant set(Instant instant) {
    Require.notNull("instant", instant);
    Instant target = instant.truncatedTo(ChronoUnit.MICROS);
    return now.updateAndGet(t -> {
      if (target.isBefore(t)) {
        throw new InvalidArgumentException("instant", "must not be before the clock's time " + t
            + ": the clock only moves forward; was " + target);
      }
      return target;
    });
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public TestClock withZone(ZoneId zone) {
    return new TestClock(now, Require.notNull("zone", zone));
  }

  @Override
  public String toString() {
    return "TestClock[" + now.get() + ", " + zone + "]";
  }
}
