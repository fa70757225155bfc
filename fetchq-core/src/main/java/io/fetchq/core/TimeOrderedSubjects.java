package io.fetchq.core;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Makes subjects for appended tasks whose lexical order is the order they were made in, within one
 * JVM: 13 hex digits of epoch milliseconds, 4 of a counter within that millisecond, then 16 random
 * ones so that two JVMs in the same millisecond do not collide. The time never goes backwards, even
 * when the clock does; past 65,536 subjects in one millisecond it borrows the next one.
 */
final class TimeOrderedSubjects {
  /** The one sequence of this JVM, shared by every queue. */
  static final TimeOrderedSubjects OF_THIS_JVM =
      new TimeOrderedSubjects(Clock.systemUTC(), () -> ThreadLocalRandom.current().nextLong());

  static final int LENGTH = 13 + 4 + 16;
  private static final int COUNTER_LIMIT = 0x10000;

  private final Clock clock;
  private final LongSupplier random;
  private long millis = Long.MIN_VALUE;
  private int counter;

  TimeOrderedSubjects(Clock clock, LongSupplier random) {
    this.clock = clock;
    this.random = random;
  }

  /** The next subject, lexically after every one this instance made before. */
  String next() {
    long stamp;
    int count;
    synchronized (this) {
      long now = clock.millis();
      if (now > millis) {
        millis = now;
        counter = 0;
      } else if (++counter == COUNTER_LIMIT) {
        millis++;
        counter = 0;
      }
      stamp = millis;
      count = counter;
    }
    return String.format("%013x%04x%016x", stamp, count, random.getAsLong());
  }

  /** The epoch milliseconds a subject made here carries. */
  static long millisOf(String subject) {
    return Long.parseLong(subject.substring(0, 13), 16);
  }
}
