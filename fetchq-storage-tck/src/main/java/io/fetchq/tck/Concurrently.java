package io.fetchq.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs test bodies on real threads that all start at once behind a gate, and fails with the first
 * error any of them threw.
 */
public final class Concurrently {

  /** The body one thread runs; {@code worker} is its index, from 0. */
  @FunctionalInterface
  public interface Body {
    void run(int worker) throws Exception;
  }

  private Concurrently() {}

  /** Runs {@code body} on {@code threads} threads released together; waits at most {@code timeout}. */
  public static void run(int threads, Duration timeout, Body body) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "tck-worker");
      t.setDaemon(true);
      return t;
    });
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        int worker = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          gate.await();
          body.run(worker);
          return null;
        }));
      }
      if (!ready.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the worker threads did not start");
      }
      gate.countDown();
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Future<?> future : futures) {
        long left = deadline - System.nanoTime();
        future.get(Math.max(1, left), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      throw new AssertionError("the workers did not finish within " + timeout, e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      throw new AssertionError("a worker failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
