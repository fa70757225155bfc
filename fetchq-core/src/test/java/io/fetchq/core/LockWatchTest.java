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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A finished run's lock watch leaves the timer at once, so memory does not grow with the tasks run. */
class LockWatchTest {
  private static final int TASKS = 1_000;

  @Test
  void aCancelledWatchLeavesTheTimer() {
    try (LockWatch lockWatch = new LockWatch(RuntimeClock.SYSTEM)) {
      long inFiveMinutes = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      List<ScheduledFuture<?>> watches = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        watches.add(lockWatch.watch(inFiveMinutes, () -> {}));
      }
      assertThat(lockWatch.watching()).isEqualTo(TASKS);

      watches.forEach(w -> w.cancel(false));

      assertThat(lockWatch.watching()).isZero();
    }
  }

  @Test
  void aWorkerThatRanManyTasksWatchesNone() throws Exception {
    AtomicInteger given = new AtomicInteger();
    AtomicInteger settled = new AtomicInteger();
    Storage storage = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "pick" -> pick(given, ((PickRequest) args[0]).limit());
          case "settle" -> {
            int n = ((SettleRequest) args[0]).outcomes().size();
            settled.addAndGet(n);
            yield new SettleResult(n, List.of());
          }
          default -> null;
        });
    WorkerOptions options = WorkerOptions.defaults().idle(Duration.ofMillis(1), Duration.ofMillis(10));
    try (LockWatch lockWatch = new LockWatch(RuntimeClock.SYSTEM);
        Settler settler = new Settler(storage, Duration.ofMillis(1), 500, RuntimeClock.SYSTEM, Observers.NONE)) {
      Worker worker = CompletingWorker.of(storage, options, settler, lockWatch);
      worker.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> settled.get() == TASKS);
      worker.stopPicking();
      worker.awaitRuns(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
      worker.shutdownExecutor();

      assertThat(settled.get()).isEqualTo(TASKS);
      assertThat(lockWatch.watching()).isZero();
    }
  }

  private static List<Task> pick(AtomicInteger given, int limit) {
    List<Task> picked = new ArrayList<>();
    while (picked.size() < limit) {
      int n = given.getAndIncrement();
      if (n >= TASKS) {
        break;
      }
      picked.add(task("hero-" + n));
    }
    return picked;
  }

  private static Task task(String subject) {
    return new Task("heroes", subject, "{}", 0, 0, TaskStatus.ACTIVE, 1, 0, Instant.EPOCH, null, Instant.EPOCH, 1);
  }
}
