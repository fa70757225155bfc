package io.fetchq.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times the measured section of one run, after its set-up: {@link #start()} collects garbage and
 * resets the memory peaks (unless asked to keep the process's), {@link #stop()} reads the time and the peaks.
 */
final class Timer {
  private long startedAt;
  private long stoppedAt;
  private long peakHeap = -1;
  private long peakRss = -1;
  private long allocatedAtStart = -1;
  private long allocated = -1;
  private final boolean resetPeaks;

  /** @param resetPeaks whether {@link #start()} collects garbage and resets the peaks (else the process's count) */
  Timer(boolean resetPeaks) {
    this.resetPeaks = resetPeaks;
  }

  Timer() {
    this(true);
  }

  void start() {
    if (resetPeaks) {
      System.gc();
      Memory.resetPeaks();
    }
    allocatedAtStart = Memory.allocatedBytes();
    startedAt = System.nanoTime();
  }

  void stop() {
    stoppedAt = System.nanoTime();
    peakHeap = Memory.peakHeap();
    peakRss = Memory.peakRss();
    long allocatedAtStop = Memory.allocatedBytes();
    allocated = allocatedAtStart < 0 || allocatedAtStop < 0 ? -1 : allocatedAtStop - allocatedAtStart;
  }

  /** Seconds since {@link #start()}, while running. */
  double elapsed() {
    return (System.nanoTime() - startedAt) / 1e9;
  }

  /** What the run measured: {@code tasks} processed in the timed section, latencies or null. */
  Measurement measured(long tasks, Latencies latencies, Map<String, Object> extra) {
    if (stoppedAt == 0) {
      throw new IllegalStateException("the timer was not stopped");
    }
    double p50 = latencies == null ? Double.NaN : latencies.percentileMillis(0.50);
    double p99 = latencies == null ? Double.NaN : latencies.percentileMillis(0.99);
    Map<String, Object> all = new LinkedHashMap<>(extra == null ? Map.of() : extra);
    if (allocated >= 0 && tasks > 0) {
      all.put("allocatedBytesPerTask", allocated / tasks);
    }
    return new Measurement(tasks, (stoppedAt - startedAt) / 1e9, p50, p99, peakHeap, peakRss, all);
  }

  /** One run's numbers, before they get their names (workload, implementation, run). */
  record Measurement(
      long tasks, double seconds, double p50Ms, double p99Ms, long peakHeap, long peakRss, Map<String, Object> extra) {}
}
