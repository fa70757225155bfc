package io.fetchq.spring;

import io.fetchq.QueueInfo;
import io.fetchq.core.DatabaseHealth;
import io.fetchq.core.Fetchq;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Fetchq's health: DOWN when the client cannot reach its database (each check makes one cheap call,
 * the list of queues, so that an outage shows even while no worker calls), UP otherwise, with the
 * paused queues, the KILLED tasks of each queue the client declared or works, and the queues whose
 * KILLED count grew since the previous check. Killed tasks are the application's to look at, so
 * they never turn the status DOWN.
 */
final class FetchqHealthIndicator extends AbstractHealthIndicator {
  private final Fetchq fetchq;
  private final Map<String, Long> lastKilled = new ConcurrentHashMap<>();

  FetchqHealthIndicator(Fetchq fetchq) {
    super("Fetchq health check failed");
    this.fetchq = fetchq;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    List<QueueInfo> queues;
    try {
      queues = fetchq.queues();
    } catch (RuntimeException e) {
      builder.down(e).withDetail("database", fetchq.health().state().name());
      return;
    }
    DatabaseHealth database = fetchq.health();
    if (!database.available()) {
      builder.down().withDetail("database", database.state().name())
          .withDetail("unavailableSince", String.valueOf(database.unavailableSince()));
      return;
    }
    Map<String, Long> killed = new TreeMap<>();
    List<String> grew = new java.util.ArrayList<>();
    for (String queue : fetchq.declaredQueues()) {
      long count = fetchq.queue(queue).stats().killed();
      killed.put(queue, count);
      Long before = lastKilled.put(queue, count);
      if (before != null && count > before) {
        grew.add(queue);
      }
    }
    builder.up()
        .withDetail("database", database.state().name())
        .withDetail("paused", queues.stream().filter(QueueInfo::paused).map(QueueInfo::name).sorted().toList())
        .withDetail("killed", killed)
        .withDetail("killedGrowing", grew);
  }
}
