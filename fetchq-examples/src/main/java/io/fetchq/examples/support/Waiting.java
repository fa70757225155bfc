package io.fetchq.examples.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for an example's handlers with a deadline, so that a broken example fails instead of hanging. */
public final class Waiting {
  private Waiting() {}

  /** Waits until {@code latch} reaches zero, or throws after {@code limit}. */
  public static void until(CountDownLatch latch, Duration limit, String what) throws InterruptedException {
    if (!latch.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(what + " did not happen within " + limit + " (" + latch.getCount() + " left)");
    }
  }

  /** Checks {@code done} every 20 ms until it holds, or throws after {@code limit}. */
  public static void until(BooleanSupplier done, Duration limit, String what) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " did not happen within " + limit);
      }
      Thread.sleep(20);
    }
  }
}
