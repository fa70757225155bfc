package io.fetchq;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void immediateNeverWaits() {
    assertThat(RetryPolicy.immediate().delay(1)).isZero();
    assertThat(RetryPolicy.immediate().delay(1000)).isZero();
  }

  @Test
  void fixedAlwaysWaitsTheSame() {
    RetryPolicy policy = RetryPolicy.fixed(Duration.ofSeconds(30));

    assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delay(50)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void fixedRefusesADelayOutOfRange() {
    assertRefused("delay", "must be between", () -> RetryPolicy.fixed(Duration.ofMillis(-1)));
    assertRefused("delay", "must not be null", () -> RetryPolicy.fixed(null));
  }

  @RepeatedTest(20)
  void exponentialDoublesFromBaseWithUpToAFifthTakenOff() {
    RetryPolicy policy = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofHours(1));

    for (int attempts = 1; attempts <= 12; attempts++) {
      long full = 1000L << (attempts - 1);
      assertThat(policy.delay(attempts).toMillis())
          .as("attempt %d", attempts)
          .isBetween(full - full / 5, full);
    }
  }

  @RepeatedTest(20)
  void exponentialGrowsEvenWithItsJitter() {
    RetryPolicy policy = RetryPolicy.exponential(Duration.ofMillis(100), Duration.ofDays(1));

    for (int attempts = 1; attempts < 20; attempts++) {
      // the least of the longer wait (0.8 * 2w) is still above the most of the shorter one (w)
      assertThat(policy.delay(attempts + 1)).isGreaterThan(policy.delay(attempts));
    }
  }

  @Test
  void exponentialCapsAtMax() {
    Duration max = Duration.ofMinutes(10);
    RetryPolicy policy = RetryPolicy.exponential(Duration.ofSeconds(1), max);

    for (int attempts : new int[] {11, 20, 62, 63, 64, 1000, Integer.MAX_VALUE}) {
      assertThat(policy.delay(attempts))
          .as("attempt %d", attempts)
          .isLessThanOrEqualTo(max)
          .isGreaterThanOrEqualTo(max.minus(max.dividedBy(5)));
    }
  }

  @Test
  void exponentialNeverOverflowsWithAHugeBase() {
    Duration base = Duration.ofDays(30);
    Duration max = Duration.ofDays(36_500);
    RetryPolicy policy = RetryPolicy.exponential(base, max);

    assertThat(policy.delay(2)).isBetween(Duration.ofDays(48), Duration.ofDays(60));
    assertThat(policy.delay(40)).isBetween(max.minus(max.dividedBy(5)), max);
  }

  @Test
  void exponentialTreatsAttemptsBelowOneAsTheFirst() {
    RetryPolicy policy = RetryPolicy.exponential(Duration.ofMillis(4), Duration.ofSeconds(1));

    assertThat(policy.delay(0).toMillis()).isBetween(4L, 4L);
    assertThat(policy.delay(-5).toMillis()).isBetween(4L, 4L);
  }

  @Test
  void exponentialJitterSpreadsTheRetries() {
    RetryPolicy policy = RetryPolicy.exponential(Duration.ofSeconds(10), Duration.ofSeconds(10));
    Set<Duration> seen = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      Duration delay = policy.delay(1);
      assertThat(delay).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
      seen.add(delay);
    }

    assertThat(seen).hasSizeGreaterThan(50);
  }

  @Test
  void exponentialWithoutRoomForJitterIsExact() {
    RetryPolicy policy = RetryPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(4));

    assertThat(policy.delay(1)).isEqualTo(Duration.ofMillis(1));
    assertThat(policy.delay(2)).isEqualTo(Duration.ofMillis(2));
    assertThat(policy.delay(3)).isEqualTo(Duration.ofMillis(4));
    assertThat(policy.delay(9)).isEqualTo(Duration.ofMillis(4));
  }

  @Test
  void exponentialRefusesBadBounds() {
    assertRefused("base", "must be between", () -> RetryPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1)));
    assertRefused("base", "must not be null", () -> RetryPolicy.exponential(null, Duration.ofSeconds(1)));
    assertRefused("max", "must be between", () -> RetryPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertRefused("max", "must be between", () -> RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofDays(36_501)));
    assertRefused("max", "must not be null", () -> RetryPolicy.exponential(Duration.ofSeconds(1), null));
  }
}
