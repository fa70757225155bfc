package io.fetchq;

import io.fetchq.internal.Require;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a rejected task runs again. Given the attempts the task has made (1 after its first
 * failure), it returns how long to wait, counted from the end of the failed run.
 */
@FunctionalInterface
public interface RetryPolicy {

  /** The wait before the next attempt, given the attempts made so far (at least 1). */
  Duration delay(int attempts);

  /** Retry at once. */
  static RetryPolicy immediate() {
    return attempts -> Duration.ZERO;
  }

  /** Always wait {@code delay}. */
  static RetryPolicy fixed(Duration delay) {
    Duration checked = Require.duration("delay", delay, Duration.ZERO, Limits.MAX_DELAY);
    return attempts -> checked;
  }

  /**
   * Wait {@code base}, then twice as long after each further failure, never more than {@code max},
   * with up to a fifth taken off at random so that tasks that failed together do not retry
   * together.
   */
  static RetryPolicy exponential(Duration base, Duration max) {
    Duration first = Require.duration("base", base, Duration.ofMillis(1), Limits.MAX_DELAY);
    Duration ceiling = Require.duration("max", max, first, Limits.MAX_DELAY);
    return attempts -> {
      int doublings = Math.max(0, Math.min(attempts - 1, 62));
      long millis = first.toMillis();
      long wait = doublings >= 62 || millis > (ceiling.toMillis() >> doublings)
          ? ceiling.toMillis()
          : Math.min(ceiling.toMillis(), millis << doublings);
      long jitter = wait / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(wait / 5 + 1);
      return Duration.ofMillis(wait - jitter);
    };
  }
}
