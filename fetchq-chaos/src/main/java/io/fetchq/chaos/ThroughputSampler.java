package io.fetchq.chaos;

import io.fetchq.Queue;
import io.fetchq.QueueStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the queue's counters every few hundred milliseconds for the throughput over time. A read
 * that fails (the database is down) leaves a gap.
 */
final class ThroughputSampler {
  static final long PERIOD_MILLIS = 200;
  private final Queue queue;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  ThroughputSampler(Queue queue) {
    this.queue = queue;
    thread = new Thread(this::sample, "chaos-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    while (!closed) {
      try {
        QueueStats stats = queue.stats();
        synchronized (samples) {
          samples.add(new Sample(System.currentTimeMillis(), stats.processed(), stats.completed() + stats.killed()));
        }
      } catch (RuntimeException down) {
        // a gap in the samples: the recovery times show it
      }
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The latest sample, or null before the first. */
  Sample latest() {
    synchronized (samples) {
      return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  void stop() throws InterruptedException {
    closed = true;
    thread.interrupt();
    thread.join();
  }
}
