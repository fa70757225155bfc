package io.fetchq.core;

import io.fetchq.InvalidArgumentException;
import io.fetchq.internal.Require;
import java.time.Duration;

/**
 * How a client retries transient failures and when it stops calling the database.
 * Immutable and checked on construction: a bad value is refused with an {@link
 * InvalidArgumentException} that names the field; each method returns a changed copy. Values that
 * depend on each other ({@code retryBase} and {@code retryMax}, {@code windowSize} and {@code
 * minimumCalls}) also have a method that sets both.
 *
 * <p>Retries: the wait before retry {@code n} (1 for the first) is {@code retryBase * 2^(n-1)},
 * capped at {@code retryMax}, then shortened by a random fraction of up to {@code jitter} so that
 * many workers do not retry in step. With the defaults the waits are about 100, 200, 400 and 800
 * ms, so a call gives up after some 1.5 s.
 *
 * <p>Circuit breaker: it counts every attempt (retries included) in a sliding window of the last
 * {@code windowSize} calls; once at least {@code minimumCalls} are recorded and {@code
 * failureRatePercent} of them or more failed transiently, it opens: calls fail fast for {@code
 * openWait}, then a single probe call decides whether it closes or opens again.
 *
 * @param retryBase the wait before the first retry (1 ms to 1 hour; default 100 ms)
 * @param retryMax the longest wait between attempts (at least {@code retryBase}, at most 1 hour;
 *     default 2 s)
 * @param maxAttempts attempts per call, the first included; 1 means never retry (1 to 100;
 *     default 5)
 * @param jitter the largest random fraction taken off each wait (0 to 1; default 0.2)
 * @param windowSize calls the breaker's failure rate is computed over (1 to 1000; default 10)
 * @param minimumCalls calls the window must hold before the breaker may open (1 to {@code
 *     windowSize}; default 5)
 * @param failureRatePercent the share of transient failures in the window that opens the breaker
 *     (1 to 100; default 50)
 * @param openWait how long the open breaker fails calls fast before it lets a probe through (1 ms
 *     to 1 hour; default 1 s)
 */
public record ResilienceSettings(
    Duration retryBase,
    Duration retryMax,
    int maxAttempts,
    double jitter,
    int windowSize,
    int minimumCalls,
    int failureRatePercent,
    Duration openWait) {

  private static final Duration MIN_DURATION = Duration.ofMillis(1);
  private static final Duration MAX_DURATION = Duration.ofHours(1);

  public ResilienceSettings {
    Require.duration("retryBase", retryBase, MIN_DURATION, MAX_DURATION);
    Require.duration("retryMax", retryMax, MIN_DURATION, MAX_DURATION);
    if (retryMax.compareTo(retryBase) < 0) {
      throw new InvalidArgumentException(
          "retryMax", "must be at least retryBase (" + retryBase + "); was " + retryMax);
    }
    Require.range("maxAttempts", maxAttempts, 1, 100);
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new InvalidArgumentException("jitter", "must be between 0 and 1; was " + jitter);
    }
    Require.range("windowSize", windowSize, 1, 1000);
    Require.range("minimumCalls", minimumCalls, 1, windowSize);
    Require.range("failureRatePercent", failureRatePercent, 1, 100);
    Require.duration("openWait", openWait, MIN_DURATION, MAX_DURATION);
  }

  /** Five attempts 100 ms to 2 s apart with 20 % jitter; open at 50 % of 10 calls (5 at least) for 1 s. */
  public static ResilienceSettings defaults() {
    return new ResilienceSettings(
        Duration.ofMillis(100), Duration.ofSeconds(2), 5, 0.2, 10, 5, 50, Duration.ofSeconds(1));
  }

  /**
   * The wait before retry {@code retry} (1 for the first), given {@code random} in [0, 1): the
   * exponential wait capped at {@link #retryMax}, less {@code random * jitter} of it; never under 1 ms.
   */
  Duration backoff(int retry, double random) {
    Require.range("retry", retry, 1, Integer.MAX_VALUE);
    long base = retryBase.toNanos();
    long max = retryMax.toNanos();
    long wait = base;
    for (int i = 1; i < retry && wait < max; i++) {
      wait = wait > max / 2 ? max : wait * 2;
    }
    wait = Math.min(wait, max);
    long jittered = (long) (wait * (1.0 - jitter * random));
    return Duration.ofNanos(Math.max(MIN_DURATION.toNanos(), jittered));
  }

  /** Sets both ends of the backoff at once, so that neither order of two single changes is refused. */
  public ResilienceSettings retryBetween(Duration retryBase, Duration retryMax) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  /** Sets the window and its minimum at once, so that neither order of two single changes is refused. */
  public ResilienceSettings window(int windowSize, int minimumCalls) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  public ResilienceSettings retryBase(Duration retryBase) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  public ResilienceSettings retryMax(Duration retryMax) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  public ResilienceSettings maxAttempts(int maxAttempts) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  public ResilienceSettings jitter(double jitter) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  public ResilienceSettings windowSize(int windowSize) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  public ResilienceSettings minimumCalls(int minimumCalls) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  public ResilienceSettings failureRatePercent(int failureRatePercent) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }

  public ResilienceSettings openWait(Duration openWait) {
    return new ResilienceSettings(
        retryBase, retryMax, maxAttempts, jitter, windowSize, minimumCalls, failureRatePercent, openWait);
  }
}
