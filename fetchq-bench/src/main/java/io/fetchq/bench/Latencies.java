package io.fetchq.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Collects latencies from many threads into a histogram of fixed size, and reports percentiles of
 * them in milliseconds. Its memory does not grow with the count: each power of two of nanoseconds is
 * split into 64 buckets, so a percentile is at most 1/64 (1.6%) above the exact one, and values
 * below 64 ns are exact.
 */
final class Latencies {
  private static final int SUB_BITS = 6;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  /** Powers of two from 2^6 to 2^62, each split in 64, after the 64 exact values below 2^6. */
  private static final int BUCKETS = (Long.SIZE - 1 - SUB_BITS + 1) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void add(long latencyNanos) {
    counts.incrementAndGet(bucket(Math.max(0, latencyNanos)));
  }

  /** How many latencies were added (read while adding goes on, a snapshot may lag). */
  long count() {
    long count = 0;
    for (int i = 0; i < BUCKETS; i++) {
      count += counts.get(i);
    }
    return count;
  }

  /**
   * The {@code q} quantile (0 &lt; q &le; 1) in milliseconds, nearest rank, as the highest value of
   * the bucket that holds it; NaN when empty.
   */
  double percentileMillis(double q) {
    long[] snapshot = new long[BUCKETS];
    long count = 0;
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
      count += snapshot[i];
    }
    if (count == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, Math.min(count, (long) Math.ceil(q * count)));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        return highest(i) / 1e6;
      }
    }
    throw new IllegalStateException("the rank " + rank + " lies beyond the " + count + " latencies");
  }

  static int bucket(long nanos) {
    if (nanos < SUB_BUCKETS) {
      return (int) nanos;
    }
    int power = Long.SIZE - 1 - Long.numberOfLeadingZeros(nanos);
    int sub = (int) (nanos >>> (power - SUB_BITS)) - SUB_BUCKETS;
    return (power - SUB_BITS + 1) * SUB_BUCKETS + sub;
  }

  /** The highest value, in nanoseconds, that falls into {@code bucket}. */
  static long highest(int bucket) {
    if (bucket < SUB_BUCKETS) {
      return bucket;
    }
    int shift = bucket / SUB_BUCKETS - 1;
    long sub = SUB_BUCKETS + bucket % SUB_BUCKETS;
    return ((sub + 1) << shift) - 1;
  }
}
