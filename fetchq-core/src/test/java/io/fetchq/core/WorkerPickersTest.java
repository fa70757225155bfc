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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A worker keeps several picks in flight while its queue has work, so that one pick's round trip
 * does not idle its handlers; while the queue is empty only one picker polls it.
 */
class WorkerPickersTest {

  @Test
  void pickersFollowTheBatchesTheHandlersHold() {
    assertThat(Worker.pickers(WorkerOptions.defaults().concurrency(4).batch(100))).isEqualTo(3);
    assertThat(Worker.pickers(WorkerOptions.defaults().concurrency(4).batch(1))).isEqualTo(4);
    assertThat(Worker.pickers(WorkerOptions.defaults().concurrency(64).batch(100))).isEqualTo(3);
    assertThat(Worker.pickers(WorkerOptions.defaults().concurrency(2).batch(1))).isEqualTo(4);
    assertThat(Worker.pickers(WorkerOptions.defaults().concurrency(1).batch(1)))
        .as("one handler: one picker, so that tasks run in pick order").isEqualTo(1);
  }

  @Test
  void picksOverlapWhileThereIsWorkAndOnlyTheLeadPollsAnEmptyQueue() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    AtomicInteger picks = new AtomicInteger();
    AtomicInteger left = new AtomicInteger(2_000);
    Storage storage = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "pick" -> pick(picks, inFlight, mostInFlight, left, ((PickRequest) args[0]).limit());
          case "settle" -> new SettleResult(((SettleRequest) args[0]).outcomes().size(), List.of());
          default -> null;
        });
    WorkerOptions options = WorkerOptions.defaults().concurrency(4).batch(10).idle(Duration.ofMillis(50), Duration.ofMillis(50));
    try (LockWatch lockWatch = new LockWatch(RuntimeClock.SYSTEM);
        Settler settler = new Settler(storage, Duration.ofMillis(1), 500, RuntimeClock.SYSTEM, Observers.NONE)) {
      Worker worker = CompletingWorker.of(storage, options, settler, lockWatch);
      worker.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> worker.handled() == 2_000);
      assertThat(mostInFlight.get()).as("picks in flight at once").isGreaterThan(1);

      // the queue is empty now: a second of polling, by the lead alone (each follower may make one
      // last empty pick before it rests)
      int before = picks.get();
      Thread.sleep(1_000);
      int polls = picks.get() - before;
      worker.stopPicking();
      worker.awaitRuns(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
      worker.shutdownExecutor();

      assertThat(polls).as("empty picks in a second, polling every 50 ms").isBetween(5, 25);
    }
  }

  /** A pick that takes a round trip of 5 ms, counting the picks in flight at once. */
  private static List<Task> pick(AtomicInteger picks, AtomicInteger inFlight, AtomicInteger mostInFlight,
      AtomicInteger left, int limit) throws InterruptedException {
    picks.incrementAndGet();
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      Thread.sleep(5);
      return take(left, limit);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static List<Task> take(AtomicInteger left, int limit) {
    List<Task> picked = new ArrayList<>();
    while (picked.size() < limit && left.getAndDecrement() > 0) {
      int n = left.get();
      picked.add(new Task("heroes", "hero-" + n, "{}", 0, 0, TaskStatus.ACTIVE, 1, 0, Instant.EPOCH, null, Instant.EPOCH, 1));
    }
    return picked;
  }
}
