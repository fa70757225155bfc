package io.fetchq.dashboard;

import io.fetchq.QueueInfo;
import io.fetchq.QueueStats;
import io.fetchq.core.Fetchq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every queue's processed and errors counters every few seconds into a ring buffer per
 * queue, so that the throughput charts have an hour of history however long ago the page was
 * opened. One cheap stats query per queue per sample; a failed sample (database down) is skipped.
 */
final class Sampler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sampler.class);

  /** One reading of a queue's counters. */
  record Sample(long at, long processed, long errors) {}

  private final Fetchq fetchq;
  private final Duration interval;
  private final int capacity;
  private final Map<String, Ring> rings = new ConcurrentHashMap<>();
  private ScheduledExecutorService executor;

  Sampler(Fetchq fetchq, Duration interval, Duration window) {
    this.fetchq = fetchq;
    this.interval = interval;
    this.capacity = (int) (window.toMillis() / interval.toMillis()) + 1;
  }

  Duration interval() {
    return interval;
  }

  synchronized void start() {
    if (executor != null) {
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "fetchq-dashboard-sampler");
      thread.setDaemon(true);
      return thread;
    });
    executor.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      log.debug("dashboard sample skipped: {}", e.getMessage());
    }
  }

  void sample() {
    if (!fetchq.health().available()) {
      return;
    }
    for (QueueInfo info : fetchq.queues()) {
      QueueStats stats = fetchq.queue(info.name()).stats();
      rings.computeIfAbsent(info.name(), n -> new Ring(capacity))
          .add(new Sample(System.currentTimeMillis(), stats.processed(), stats.errors()));
    }
  }

  /** The samples of {@code queue}, oldest first; empty before the first. */
  List<Sample> samples(String queue) {
    Ring ring = rings.get(queue);
    return ring == null ? List.of() : ring.list();
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  private static final class Ring {
    private final Sample[] items;
    private int next;
    private int size;

    Ring(int capacity) {
      items = new Sample[capacity];
    }

    synchronized void add(Sample sample) {
      items[next] = sample;
      next = (next + 1) % items.length;
      size = Math.min(size + 1, items.length);
    }

    synchronized List<Sample> list() {
      List<Sample> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(items[(next - size + i + items.length) % items.length]);
      }
      return list;
    }
  }
}
