package io.fetchq.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that push tasks at a steady total rate, open loop: task {@code i} is due {@code i / rate}
 * seconds after the start, and a producer that falls behind pushes at once until it catches up.
 * Producer {@code p} of {@code P} pushes tasks {@code p, p + P, p + 2P, ...}.
 */
final class Producers {
  /** Pushes task {@code i}; one per producer thread, so it may hold a connection. */
  interface Pusher extends AutoCloseable {
    void push(long i) throws Exception;

    @Override
    default void close() throws java.sql.SQLException {}
  }

  /** Makes each producer thread's pusher, in that thread. */
  interface Pushers {
    Pusher open() throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong pushed = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stopped;

  /** Starts {@code producers} threads pushing {@code limit} tasks in all at {@code rate} per second. */
  static Producers start(int producers, long limit, double rate, Pushers pushers) {
    Producers started = new Producers();
    long start = System.nanoTime();
    double gap = 1e9 / rate;
    for (int p = 0; p < producers; p++) {
      int first = p;
      Thread thread = new Thread(() -> {
        try (Pusher pusher = pushers.open()) {
          for (long i = first; i < limit && !started.stopped; i += producers) {
            long due = start + (long) (i * gap);
            long wait;
            while ((wait = due - System.nanoTime()) > 0 && !started.stopped) {
              LockSupport.parkNanos(wait);
            }
            if (started.stopped) {
              break;
            }
            pusher.push(i);
            started.pushed.incrementAndGet();
          }
        } catch (Exception e) {
          started.failure.compareAndSet(null, e);
        }
      }, "producer-" + p);
      thread.start();
      started.threads.add(thread);
    }
    return started;
  }

  long pushed() {
    return pushed.get();
  }

  void stop() {
    stopped = true;
  }

  /** Waits for every producer to finish, and throws what one of them failed with. */
  void join() throws Exception {
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** The payload of task {@code i}, with the instant ({@link System#nanoTime()}) it was pushed. */
  static String stampedPayload(long i) {
    return "{\"n\":" + i + ",\"pushedNanos\":" + System.nanoTime() + "}";
  }

  /** The push instant a {@link #stampedPayload} carries. */
  static long pushedNanos(String payload) {
    int at = payload.indexOf("\"pushedNanos\":") + "\"pushedNanos\":".length();
    int end = at;
    while (end < payload.length() && (Character.isDigit(payload.charAt(end)) || payload.charAt(end) == '-')) {
      end++;
    }
    return Long.parseLong(payload.substring(at, end));
  }
}
