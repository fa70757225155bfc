package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.Action;
import io.fetchq.QueueOptions;
import io.fetchq.RetryPolicy;
import io.fetchq.ThresholdPolicy;
import io.fetchq.spi.Storage;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** While the database is down, a worker waits for the circuit breaker's next probe instead of spinning. */
class WorkerPauseTest {

  @Test
  void aPickerPausesUntilTheBreakerLetsAProbeThrough() throws Exception {
    AtomicInteger picks = new AtomicInteger();
    Storage down =
        (Storage)
            Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("pick")) {
                    picks.incrementAndGet();
                    Instant now = Instant.now();
                    throw new DatabaseUnavailableException(now, now.plusMillis(400), null);
                  }
                  return null;
                });
    WorkerOptions options = WorkerOptions.defaults().idle(Duration.ofMillis(1), Duration.ofSeconds(5));
    QueueSettings settings =
        new QueueSettings(QueueOptions.defaults(), RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly());
    try (LockWatch lockWatch = new LockWatch(RuntimeClock.SYSTEM)) {
      Worker worker =
          new Worker("q", (task, ctx) -> Action.complete(), options, settings, null, down, CallerTransactions.withoutWakeUps(down), Payloads.NONE, null, lockWatch,
              name -> null, new Services(Map.of()), RuntimeClock.SYSTEM, Observers.NONE);
      worker.start();
      Thread.sleep(1_000);
      worker.stopPicking();
      worker.awaitRuns(System.nanoTime() + Duration.ofSeconds(2).toNanos());
      worker.shutdownExecutor();
    }
    // a probe every 400 ms is 3 or 4 picks a second; a spinning picker makes thousands
    assertThat(picks.get()).isBetween(2, 5);
  }
}
