package io.fetchq.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock a backend under test stores its times by (due times, locks, the end of runs, error
 * log entries), read and waited on by the suite: the database server's for a backend that needs a
 * database, the system UTC clock for one that needs none (such a backend, opened by its
 * provider's no-arg constructor, reads that clock as a database reads {@code now()}).
 */
enum BackendClock {
  /** The clock of the test database ({@link TestDatabase#now()}). */
  DATABASE("the database clock") {
    @Override
    Instant now() {
      return TestDatabase.now();
    }
  },
  /** The system UTC clock of this JVM. */
  SYSTEM("the system clock") {
    @Override
    Instant now() {
      return Clock.systemUTC().instant();
    }
  };

  private final String name;

  BackendClock(String name) {
    this.name = name;
  }

  /** The clock's time now. */
  abstract Instant now();

  /**
   * Sleeps until the clock has passed {@code instant} (by a couple of milliseconds). Tests wait out
   * short locks and delays only, so an instant more than ten seconds away is a test bug and fails
   * at once.
   */
  void awaitPast(Instant instant) {
    Instant deadline = Instant.now().plusSeconds(15);
    while (true) {
      Duration left = Duration.between(now(), instant).plusMillis(2);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      if (left.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalStateException("refusing to wait " + left + " for " + name + " to reach " + instant);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(name + " did not reach " + instant);
      }
      try {
        Thread.sleep(Math.max(1, left.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + instant, e);
      }
    }
  }
}
