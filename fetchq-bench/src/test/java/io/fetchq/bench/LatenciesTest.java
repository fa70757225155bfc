package io.fetchq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The latency histogram: fixed size, percentiles at most 1/64 above the exact ones. */
class LatenciesTest {

  @Test
  void percentilesAreWithinOneSixtyFourthAboveTheExactOnes() {
    Latencies latencies = new Latencies();
    SplittableRandom random = new SplittableRandom(5);
    long[] exact = new long[100_000];
    for (int i = 0; i < exact.length; i++) {
      // 1 µs to about 1 s, spread over the powers of two
      exact[i] = (long) Math.pow(2, 10 + random.nextDouble() * 20);
      latencies.add(exact[i]);
    }
    Arrays.sort(exact);

    assertThat(latencies.count()).isEqualTo(exact.length);
    for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
      double expected = exact[(int) Math.ceil(q * exact.length) - 1] / 1e6;
      assertThat(latencies.percentileMillis(q)).isBetween(expected, expected * (1 + 1.0 / 64));
    }
  }

  @Test
  void smallValuesAreExactAndNegativeOnesCountAsZero() {
    Latencies latencies = new Latencies();
    latencies.add(-5);
    latencies.add(7);
    latencies.add(63);

    assertThat(latencies.percentileMillis(1.0 / 3)).isZero();
    assertThat(latencies.percentileMillis(0.5)).isCloseTo(7 / 1e6, within(1e-12));
    assertThat(latencies.percentileMillis(1.0)).isCloseTo(63 / 1e6, within(1e-12));
  }

  @Test
  void everyValueFallsIntoABucketWhoseHighestValueHoldsIt() {
    for (long v : new long[] {64, 65, 127, 128, 1_000_000, 123_456_789, Long.MAX_VALUE}) {
      int bucket = Latencies.bucket(v);
      assertThat(Latencies.highest(bucket)).isGreaterThanOrEqualTo(v);
      assertThat(bucket == 0 || Latencies.highest(bucket - 1) < v).isTrue();
    }
  }

  @Test
  void anEmptyHistogramHasNoPercentile() {
    assertThat(new Latencies().percentileMillis(0.5)).isNaN();
  }
}
