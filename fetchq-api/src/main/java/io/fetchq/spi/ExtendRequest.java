package io.fetchq.spi;

import io.fetchq.Limits;
import io.fetchq.internal.Require;
import java.time.Duration;
import java.util.List;

/**
 * Held tasks whose lock should last longer.
 *
 * @param queue the queue's name
 * @param leases 1 to 50,000 leases
 * @param lock the new lock, counted from now by the database's clock (1 ms to 7 days)
 */
public record ExtendRequest(String queue, List<Lease> leases, Duration lock) {
  public ExtendRequest {
    Require.queueName("queue", queue);
    leases = List.copyOf(Require.batch("leases", leases));
    Require.duration("lock", lock, Duration.ofMillis(1), Limits.MAX_LOCK);
  }
}
