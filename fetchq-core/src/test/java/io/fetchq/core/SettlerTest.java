package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * While the database fails, the settler keeps an outcome and tries it again, also once its lock
 * has expired: the storage fences it by its lease, applying it if no one took the task meanwhile
 * (the run's work is not done again) and refusing it otherwise. Before, an outcome past its lock
 * was thrown away, and a worker cut off or frozen for longer than its lock ran its finished tasks
 * again (52 in one chaos run of issue 21). The lease here lasts five minutes; the test moves the
 * settler's clock instead of waiting them out.
 */
class SettlerTest {

  @Test
  void anOutcomeThatOutlivesItsLockDuringAnOutageIsSettledOnceTheDatabaseIsBack() throws Exception {
    FlakyStorage storage = new FlakyStorage().failAlways(FlakyStorage::transientFailure);
    SettableClock time = new SettableClock();
    Duration lease = Duration.ofMinutes(5);
    try (Settler settler = new Settler(storage, Duration.ofMillis(1), 500, time.clock(), Observers.NONE)) {
      long expiresAt = time.clock().nanos() + lease.toNanos();
      settler.submit("heroes", Outcome.complete(new Lease("iron_man", 1)), expiresAt);

      await("tried again").atMost(Duration.ofSeconds(5)).until(() -> storage.calls() >= 3);
      time.advance(lease.plusSeconds(2));
      int before = storage.calls();
      await("tried again past its lock").atMost(Duration.ofSeconds(5)).until(() -> storage.calls() > before + 1);
      assertThat(settler.awaitSettled(Duration.ZERO)).as("settled or abandoned").isFalse();

      storage.heal();

      assertThat(settler.awaitSettled(Duration.ofSeconds(5))).isTrue();
      assertThat(settler.applied()).as("applied by the storage").isEqualTo(1);
      assertThat(settler.abandoned()).isZero();
    }
  }
}
