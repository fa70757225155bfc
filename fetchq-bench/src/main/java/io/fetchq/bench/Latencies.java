package io.fetchq.bench;

import java.util.Arrays;

/** Collects latencies from many threads and reports percentiles of them, in milliseconds. */
final class Latencies {
  private long[] nanos;
  private int size;

  Latencies(int expected) {
    nanos = new long[Math.max(16, expected)];
  }

  synchronized void add(long latencyNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = latencyNanos;
  }

  synchronized int count() {
    return size;
  }

  /** The {@code q} quantile (0 &lt; q &le; 1) in milliseconds, nearest rank; NaN when empty. */
  synchronized double percentileMillis(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * size);
    return sorted[Math.max(0, Math.min(size, rank) - 1)] / 1e6;
  }
}
