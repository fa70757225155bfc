package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * While the database fails, the settler keeps an outcome and tries it again for as long as its
 * lease lasts, and gives it up once the lease has expired (the storage would refuse it then). The
 * lease here lasts five minutes; the test moves the settler's clock instead of waiting them out.
 */
class SettlerTest {

  @Test
  void anOutcomeThatCannotBeSettledIsTriedUntilItsLeaseExpiresAndThenAbandoned() throws Exception {
    FlakyStorage storage = new FlakyStorage().failAlways(FlakyStorage::transientFailure);
    SettableClock time = new SettableClock();
    Duration lease = Duration.ofMinutes(5);
    try (Settler settler = new Settler(storage, Duration.ofMillis(1), 500, time.clock(), Observers.NONE)) {
      long expiresAt = time.clock().nanos() + lease.toNanos();
      settler.submit("heroes", Outcome.complete(new Lease("iron_man", 1)), expiresAt);

      await("tried again").atMost(Duration.ofSeconds(5)).until(() -> storage.calls() >= 3);
      assertThat(settler.abandoned()).as("abandoned while its lease lasts").isZero();
      assertThat(settler.awaitSettled(Duration.ZERO)).as("settled or abandoned").isFalse();

      time.advance(lease.plusSeconds(2));

      await("abandoned once its lease has expired").atMost(Duration.ofSeconds(5))
          .until(() -> settler.abandoned() == 1);
      assertThat(settler.awaitSettled(Duration.ofSeconds(1))).isTrue();
      assertThat(settler.applied()).isZero();
    }
  }
}
