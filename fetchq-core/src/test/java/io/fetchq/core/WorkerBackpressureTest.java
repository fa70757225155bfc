package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.Storage;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * While outcomes cannot be settled (the database stalls), a worker stops taking tasks once a
 * bounded number of outcomes wait, instead of holding ever more of them in memory; it goes on when
 * settling does.
 */
class WorkerBackpressureTest {

  @Test
  void aStalledSettlerStopsTheWorkerAtABoundAndReleasingItResumes() throws Exception {
    AtomicInteger given = new AtomicInteger();
    AtomicInteger settled = new AtomicInteger();
    CountDownLatch settling = new CountDownLatch(1);
    Storage storage = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "pick" -> endless(given, ((PickRequest) args[0]).limit());
          case "settle" -> settle(settling, settled, (SettleRequest) args[0]);
          default -> null;
        });
    WorkerOptions options = WorkerOptions.defaults().concurrency(4).batch(10).idle(Duration.ofMillis(1), Duration.ofMillis(10));
    int room = options.concurrency() + Worker.pickers(options) * options.batch();
    int bound = (2 * room + 100) + room;
    try (LockWatch lockWatch = new LockWatch(RuntimeClock.SYSTEM);
        Settler settler = new Settler(storage, Duration.ofMillis(1), 500, RuntimeClock.SYSTEM, Observers.NONE)) {
      Worker worker = CompletingWorker.of(storage, options, settler, lockWatch);
      worker.start();
      try {
        awaitStill(given);
        int stalled = given.get();
        assertThat(stalled).as("tasks taken while nothing could be settled").isPositive().isLessThanOrEqualTo(bound);

        settling.countDown();
        await("settled once the database is back").atMost(Duration.ofSeconds(20))
            .until(() -> settled.get() >= 10 * bound);
      } finally {
        settling.countDown();
        worker.stopPicking();
        worker.awaitRuns(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        worker.shutdownExecutor();
      }
    }
  }

  /**
   * Waits until {@code count} stops changing for half a second (at most 10 seconds): what is
   * awaited is the absence of more work, so it is sampled every half second.
   */
  private static void awaitStill(AtomicInteger count) {
    AtomicInteger last = new AtomicInteger(-1);
    await("no more tasks taken")
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          int now = count.get();
          return now == last.getAndSet(now) && now > 0;
        });
  }

  private static SettleResult settle(CountDownLatch settling, AtomicInteger settled, SettleRequest request)
      throws InterruptedException {
    settling.await();
    settled.addAndGet(request.outcomes().size());
    return new SettleResult(request.outcomes().size(), List.of());
  }

  /** A queue that never runs dry. */
  private static List<Task> endless(AtomicInteger given, int limit) {
    List<Task> picked = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      int n = given.incrementAndGet();
      picked.add(new Task("heroes", "hero-" + n, "{}", 0, 0, TaskStatus.ACTIVE, 1, 0, Instant.EPOCH, null,
          Instant.now().plusSeconds(300), 1));
    }
    return picked;
  }
}
