package io.fetchq.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.tck.TestDatabase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The meters after a real drain on a real database, read from a {@link SimpleMeterRegistry} and
 * checked against the queue's counters and what the handler did.
 */
class FetchqMetricsTest {
  private static final String SCHEMA = TestDatabase.newSchemaName("metrics");

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropSchema(SCHEMA);
  }

  private static FetchqConfig config() {
    TestDatabase.Info db = TestDatabase.get();
    return FetchqConfig.defaults()
        .withSchema(SCHEMA)
        .with("fetchq.maintenance.interval", "50ms")
        .with("fetchq.worker.idle.max", "100ms")
        .withDatabase(db.jdbcUrl(), db.user(), db.password());
  }

  /** ok-* complete, bad-* throw (one attempt: rejected to KILLED), later-* reschedule a day on. */
  private static final Handler HANDLER = (task, ctx) -> {
    if (task.subject().startsWith("bad-")) {
      throw new IllegalStateException("no such hero");
    }
    if (task.subject().startsWith("later-")) {
      return Action.reschedule(Duration.ofDays(1));
    }
    return Action.complete();
  };

  @Test
  void theMetersAfterARealDrainMatchTheCountersAndTheRuns() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // bound before the client exists: the binder waits for it
    FetchqMetrics metrics = FetchqMetrics.builder().readEvery(Duration.ofMillis(10)).tag("app", "heroes").build();
    metrics.bindTo(registry);
    try (Fetchq fetchq = Fetchq.builder().config(config())
            .queue("heroes", q -> q.maxAttempts(1))
            .queue("idle")
            .worker("heroes", HANDLER, w -> w.concurrency(4).batch(5))
            .observe(metrics)
            .build()) {
      fetchq.start();
      Queue heroes = fetchq.queue("heroes");
      List<NewTask> tasks = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        tasks.add(NewTask.of("ok-" + i));
      }
      for (int i = 0; i < 10; i++) {
        tasks.add(NewTask.of("bad-" + i));
        tasks.add(NewTask.of("later-" + i));
      }
      heroes.pushAll(tasks);
      // waiting for a worker for an hour already
      fetchq.queue("idle").push(NewTask.of("forgotten").at(Instant.now().minus(Duration.ofHours(1))));

      await().atMost(Duration.ofSeconds(30)).until(() -> heroes.stats().processed() == 50
          && handlerRuns(registry, "heroes") == 50);
      await().atMost(Duration.ofSeconds(10)).until(() -> heroes.stats().active() == 0);
      QueueStats stats = heroes.stats();

      assertThat(gauge(registry, "fetchq.tasks", "heroes", "status", "completed")).isEqualTo(30).isEqualTo(stats.completed());
      assertThat(gauge(registry, "fetchq.tasks", "heroes", "status", "killed")).isEqualTo(10).isEqualTo(stats.killed());
      assertThat(gauge(registry, "fetchq.tasks", "heroes", "status", "planned")).isEqualTo(10).isEqualTo(stats.planned());
      assertThat(gauge(registry, "fetchq.tasks", "heroes", "status", "pending")).isZero();
      assertThat(gauge(registry, "fetchq.tasks", "heroes", "status", "active")).isZero();
      assertThat(counter(registry, "fetchq.tasks.pushed", "heroes")).isEqualTo(50).isEqualTo(stats.pushed());
      assertThat(counter(registry, "fetchq.tasks.picked", "heroes")).isEqualTo(50).isEqualTo(stats.picked());
      assertThat(counter(registry, "fetchq.tasks.processed", "heroes")).isEqualTo(50);
      assertThat(counter(registry, "fetchq.tasks.rescheduled", "heroes")).isEqualTo(10).isEqualTo(stats.rescheduled());
      assertThat(counter(registry, "fetchq.tasks.rejected", "heroes")).isEqualTo(10).isEqualTo(stats.rejected());
      assertThat(counter(registry, "fetchq.tasks.orphaned", "heroes")).isZero();
      assertThat(counter(registry, "fetchq.errors", "heroes")).isEqualTo(10).isEqualTo(stats.errors());

      assertThat(handlerTimer(registry, "heroes", "complete", "false").count()).isEqualTo(30);
      assertThat(handlerTimer(registry, "heroes", "reschedule", "false").count()).isEqualTo(10);
      assertThat(handlerTimer(registry, "heroes", "reject", "true").count()).isEqualTo(10);
      Timer latency = registry.get("fetchq.task.latency").tag("queue", "heroes").timer();
      assertThat(latency.count()).isEqualTo(50);
      assertThat(latency.max(TimeUnit.NANOSECONDS))
          .as("a task's latency includes its handler's run")
          .isGreaterThanOrEqualTo(handlerTimer(registry, "heroes", "complete", "false").max(TimeUnit.NANOSECONDS));
      assertThat(registry.get("fetchq.pick.duration").tag("queue", "heroes").tag("result", "tasks").timer().count())
          .isBetween(10L, 50L);
      assertThat(registry.get("fetchq.settle.duration").tag("queue", "heroes").tag("result", "ok").timer().count())
          .isPositive();
      assertThat(registry.get("fetchq.settle.stale").tag("queue", "heroes").counter().count()).isZero();

      TimeGauge age = registry.get("fetchq.queue.oldest.due.age").tag("queue", "idle").timeGauge();
      assertThat(age.value(TimeUnit.SECONDS)).isBetween(3_590.0, 3_700.0);
      assertThat(registry.get("fetchq.queue.oldest.due.age").tag("queue", "heroes").timeGauge().value()).isZero();
      assertThat(registry.get("fetchq.queue.paused").tag("queue", "idle").gauge().value()).isZero();
      fetchq.pause("idle");
      await().atMost(Duration.ofSeconds(5))
          .until(() -> registry.get("fetchq.queue.paused").tag("queue", "idle").gauge().value() == 1);

      assertThat(registry.get("fetchq.database.up").gauge().value()).isEqualTo(1);
      assertThat(registry.get("fetchq.maintenance.failures").functionCounter().count()).isZero();
      assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("app")).isEqualTo("heroes"));
    }
  }

  @Test
  void aRegistryBoundAfterTheClientMetersItsQueuesAndTheDatabases() {
    try (Fetchq other = Fetchq.builder().config(config()).queue("elsewhere").build()) {
      assertThat(other.queues()).isNotEmpty();
    }
    FetchqMetrics metrics = FetchqMetrics.create();
    try (Fetchq fetchq = Fetchq.builder().config(config()).queue("unbound").observe(metrics).build()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      metrics.bindTo(registry);
      assertThat(registry.find("fetchq.tasks").tag("queue", "unbound").gauges()).hasSize(5);
      assertThat(registry.find("fetchq.tasks").tag("queue", "elsewhere").gauges())
          .as("the queues in the database are metered too").hasSize(5);
    }
  }

  private static long handlerRuns(SimpleMeterRegistry registry, String queue) {
    return registry.find("fetchq.handler.duration").tag("queue", queue).timers().stream().mapToLong(Timer::count).sum();
  }

  private static Timer handlerTimer(SimpleMeterRegistry registry, String queue, String outcome, String failed) {
    return registry.get("fetchq.handler.duration").tag("queue", queue).tag("outcome", outcome).tag("failed", failed)
        .timer();
  }

  private static double gauge(SimpleMeterRegistry registry, String name, String queue, String key, String value) {
    Gauge gauge = registry.get(name).tag("queue", queue).tag(key, value).gauge();
    return gauge.value();
  }

  private static double counter(SimpleMeterRegistry registry, String name, String queue) {
    FunctionCounter counter = registry.get(name).tag("queue", queue).functionCounter();
    return counter.count();
  }
}
