package io.fetchq.memory;

import io.fetchq.QueueInfo;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The data of one schema: its queues by name, the sequence of lease tokens, and the clock every
 * time is read from. Every call of a storage runs whole under the store's one lock ({@link
 * #atomically}), so each is atomic and isolated, as one statement in one transaction is on a
 * database, for every storage opened on the store.
 */
final class MemoryStore {
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final NavigableMap<String, StoredQueue> queues = new TreeMap<>();
  private long lastLease;

  /** An empty store whose times are read from {@code clock}. */
  MemoryStore(Clock clock) {
    this.clock = clock;
  }

  /** Runs {@code call} alone: no other call on this store runs until it returns. */
  <T> T atomically(Supplier<T> call) {
    lock.lock();
    try {
      return call.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The clock's time, in microseconds as PostgreSQL's {@code timestamptz} keeps it, so that every
   * time the store writes reads back equal. A call reads it once and uses it throughout, as a
   * statement uses one {@code now()}.
   */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** A lease token no pick of this store has given before. */
  long nextLease() {
    return ++lastLease;
  }

  /** Makes the queue; false when it existed (its options are then left as they were). */
  boolean create(String name, QueueOptions options) {
    if (queues.containsKey(name)) {
      return false;
    }
    queues.put(name, new StoredQueue(name, options, now()));
    return true;
  }

  /** Deletes the queue with everything in it; false when there was none. */
  boolean drop(String name) {
    return queues.remove(name) != null;
  }

  /**
   * The queue called {@code name}.
   *
   * @throws QueueNotFoundException when there is none
   */
  StoredQueue queue(String name) {
    StoredQueue queue = queues.get(name);
    if (queue == null) {
      throw new QueueNotFoundException(name);
    }
    return queue;
  }

  /** Every queue, by name. */
  List<QueueInfo> queues() {
    return queues.values().stream().map(StoredQueue::info).toList();
  }
}
