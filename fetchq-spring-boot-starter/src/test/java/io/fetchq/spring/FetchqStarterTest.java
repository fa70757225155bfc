package io.fetchq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.QueueInfo;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.core.ConfigSource;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.observability.FetchqMetrics;
import io.fetchq.tck.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;

/**
 * The starter in a running application on a real PostgreSQL: properties bound through
 * FetchqConfig, queues declared by properties, worker beans that run, pushes that commit or roll
 * back with the {@code @Transactional} method, the application's ObjectMapper for payloads, the
 * health indicator and the meters.
 */
@SpringBootTest(classes = FetchqStarterTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)   // closed (and its schemas dropped) while the database runs
class FetchqStarterTest {
  static final String SCHEMA = TestDatabase.newSchemaName("spring_starter");
  static final String SHOP = TestDatabase.newSchemaName("spring_shop");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    StarterTestSupport.properties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("fetchq.worker.batch", () -> "7");
    registry.add("fetchq.queues.orders.max-attempts", () -> "3");
    registry.add("fetchq.queues.orders.lock", () -> "45s");
    registry.add("fetchq.queues.audit.max-attempts", () -> "9");
    registry.add("fetchq.schedules.nightlyReport.cron", () -> "0 3 * * *");
    registry.add("fetchq.schedules.nightlyReport.queue", () -> "audit");
    registry.add("fetchq.schedules.nightlyReport.zone", () -> "Europe/Rome");
  }

  record Placed(String orderId, int total) {}

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    StarterTestSupport.SchemaDrop schemaDrop() {
      return new StarterTestSupport.SchemaDrop(SCHEMA, SHOP);
    }

    @Bean
    ConfirmOrder confirmOrder() {
      return new ConfirmOrder();
    }

    @Bean
    ObjectMapper applicationObjectMapper() {
      return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    @Bean
    Orders orders(JdbcTemplate jdbc, TransactionalQueues queues) {
      return new Orders(jdbc, queues);
    }

    @Bean
    Confirmations confirmations() {
      return new Confirmations();
    }

    /** Pushes while the application starts; no worker may run it before the application is ready. */
    @Bean
    ApplicationRunner pushWhileStarting(Fetchq fetchq, Confirmations seen) {
      return args -> {
        fetchq.queue("orders").push(NewTask.of("pushed-while-starting"));
        Thread.sleep(500);
        seen.handledBeforeReady = !seen.confirmed.isEmpty();
      };
    }

    /** A worker declared on a @Bean method, with a typed handler. */
    @Bean
    @FetchqWorker(queue = "audit", concurrency = 2, batch = 3)
    Handler auditWorker(Confirmations seen) {
      return Handler.typed(Placed.class, (placed, task, ctx) -> {
        seen.audited.add(placed.orderId() + ":" + placed.total());
        return Action.complete();
      });
    }
  }

  /** The application's service: an order row and its task in one transaction. */
  static class Orders {
    private final JdbcTemplate jdbc;
    private final TransactionalQueues queues;

    Orders(JdbcTemplate jdbc, TransactionalQueues queues) {
      this.jdbc = jdbc;
      this.queues = queues;
    }

    @Transactional
    public void place(String id, boolean failAfterPush) {
      jdbc.update("insert into " + SHOP + ".shop_orders(id) values (?)", id);
      queues.queue("orders").push(NewTask.of(id).payload(new Placed(id, 42)));
      if (failAfterPush) {
        throw new IllegalStateException("payment refused for " + id);
      }
    }
  }

  /** What the workers saw. */
  static class Confirmations {
    final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    final Set<String> audited = ConcurrentHashMap.newKeySet();
    volatile Boolean handledBeforeReady;
  }

  /** A worker declared on its class. */
  @FetchqWorker(queue = "orders", concurrency = 3)
  static class ConfirmOrder implements Handler {
    @Autowired Confirmations seen;

    @Override
    public Action handle(Task task, io.fetchq.TaskContext context) {
      seen.confirmed.add(task.subject());
      return Action.complete();
    }
  }

  @Autowired ApplicationContext context;
  @Autowired Fetchq fetchq;
  @Autowired FetchqConfig config;
  @Autowired Orders orders;
  @Autowired Confirmations seen;
  @Autowired TransactionalQueues queues;
  @Autowired JdbcTemplate jdbc;

  @Test
  void bindsTheFetchqKeysFromTheEnvironmentThroughFetchqConfig() {
    assertThat(config.workerBatch()).isEqualTo(7);
    assertThat(config.schema()).isEqualTo(SCHEMA);
    assertThat(config.source("fetchq.worker.batch").kind()).isEqualTo(ConfigSource.Kind.APPLICATION);
    assertThat(config.source("fetchq.worker.batch").toString()).startsWith("Spring property fetchq.worker.batch");
    assertThat(config.workerConcurrency()).isEqualTo(4);   // untouched: the library's default
    assertThat(config.shutdownHook()).isFalse();
  }

  @Test
  void createsTheQueuesDeclaredByProperties() {
    QueueInfo orders = fetchq.queues().stream().filter(q -> q.name().equals("orders")).findFirst().orElseThrow();
    assertThat(orders.options().maxAttempts()).isEqualTo(3);
    assertThat(orders.options().lock()).isEqualTo(Duration.ofSeconds(45));
    assertThat(fetchq.queue("audit").options().maxAttempts()).isEqualTo(9);
  }

  @Test
  void plansTheSchedulesDeclaredByPropertiesWithTheirNamesAsWritten() {
    Task schedule = fetchq.queue("audit").get("nightlyReport").orElseThrow();
    assertThat(schedule.payload()).contains("\"cron\":\"0 3 * * *\"").contains("Europe/Rome");
    assertThat(Fetchq.fireTime(schedule)).contains(schedule.nextIteration());
  }

  @Test
  void aCommittedTransactionKeepsOrderAndTaskAndTheWorkerBeanRunsIt() {
    orders.place("order-committed", false);

    assertThat(jdbc.queryForObject("select count(*) from " + SHOP + ".shop_orders where id = 'order-committed'",
        Integer.class)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.confirmed.contains("order-committed"));
    await().atMost(Duration.ofSeconds(10)).until(() -> fetchq.queue("orders").get("order-committed")
        .map(Task::status).orElseThrow() == TaskStatus.COMPLETED);
  }

  @Test
  void aRolledBackTransactionLeavesNeitherOrderNorTask() {
    assertThatThrownBy(() -> orders.place("order-refused", true)).hasMessageContaining("payment refused");

    assertThat(jdbc.queryForObject("select count(*) from " + SHOP + ".shop_orders where id = 'order-refused'",
        Integer.class)).isZero();
    assertThat(fetchq.queue("orders").get("order-refused")).isEmpty();
    assertThat(seen.confirmed).doesNotContain("order-refused");
  }

  @Test
  void outsideATransactionAPushCommitsOnItsOwn() {
    assertThat(queues.inTransaction()).isFalse();
    assertThat(queues.queue("audit").push(NewTask.of("a-1").payload(new Placed("a-1", 7)))).isTrue();

    await().atMost(Duration.ofSeconds(20)).until(() -> seen.audited.contains("a-1:7"));
  }

  @Test
  void writesPayloadsWithTheApplicationsObjectMapper() {
    orders.place("order-mapped", false);

    String payload = fetchq.queue("orders").get("order-mapped").orElseThrow().payload();
    assertThat(payload).contains("\"order_id\"").doesNotContain("\"orderId\"");
  }

  @Test
  void reportsHealthWithPausedQueuesAndKilledCounts() {
    fetchq.queue("audit").push(NewTask.of("bad").payload("{\"order_id\": [1]}"));   // unreadable: killed at once
    await().atMost(Duration.ofSeconds(20)).until(() -> fetchq.queue("audit").stats().killed() == 1);
    fetchq.pause("orders");
    try {
      Health health = context.getBean("fetchqHealthIndicator", HealthIndicator.class).health(true);

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("database", "AVAILABLE");
      assertThat(health.getDetails().get("paused")).isEqualTo(List.of("orders"));
      assertThat(health.getDetails().get("killed")).isEqualTo(java.util.Map.of("orders", 0L, "audit", 1L));
    } finally {
      fetchq.resume("orders");
    }
  }

  @Test
  void registersTheMetersOnTheApplicationsRegistry() {
    MeterRegistry registry = context.getBean(MeterRegistry.class);
    assertThat(context.getBean(FetchqMetrics.class)).isNotNull();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(registry.find("fetchq.tasks").tag("queue", "orders").tag("status", "pending").gauge()).isNotNull();
      assertThat(registry.find("fetchq.database.up").gauge()).isNotNull();
      assertThat(registry.find("fetchq.database.up").gauge().value()).isEqualTo(1.0);
    });
  }

  @Test
  void runsTheClientThroughTheContextsLifecycle() {
    FetchqLifecycle lifecycle = context.getBean(FetchqLifecycle.class);
    assertThat(lifecycle.isRunning()).isTrue();
    assertThat(fetchq.declaredQueues()).contains("orders", "audit");
  }

  /** Also when the context never started; the context's SchemaDrop drops Fetchq's schema at its close. */
  @org.junit.jupiter.api.AfterAll
  static void dropTheApplicationsSchema() {
    TestDatabase.dropSchema(SHOP);
  }

  @org.junit.jupiter.api.BeforeAll
  static void createTheApplicationsTable() throws Exception {
    try (var c = TestDatabase.connection(); var s = c.createStatement()) {
      s.execute("create schema if not exists " + SHOP);
      s.execute("create table if not exists " + SHOP + ".shop_orders (id text primary key)");
    }
  }

  @Test
  void workersStartOnlyOnceTheApplicationIsReady(@Autowired Confirmations seen) {
    assertThat(seen.handledBeforeReady).as("the runner ran and saw no handler run").isFalse();
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.confirmed.contains("pushed-while-starting"));
  }
}
