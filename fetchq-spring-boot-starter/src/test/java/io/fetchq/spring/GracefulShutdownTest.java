package io.fetchq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.core.Fetchq;
import io.fetchq.tck.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closing the application context stops the workers gracefully: a handler that is running finishes
 * within the grace period and its outcome is kept; one that does not is given back PENDING; and the
 * tasks the worker held but had not started are given back too. Nothing stays ACTIVE.
 */
class GracefulShutdownTest {
  static final String SCHEMA = TestDatabase.newSchemaName("spring_shutdown");
  static volatile CountDownLatch started;
  static volatile Duration runFor;

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    @FetchqWorker(queue = "slow", concurrency = 1, batch = 5)
    Handler slowWorker() {
      return (task, context) -> {
        started.countDown();
        Thread.sleep(runFor.toMillis());
        return Action.complete();
      };
    }
  }

  private static ConfigurableApplicationContext start(String grace) {
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .properties(StarterTestSupport.properties(SCHEMA))
        .properties("fetchq.shutdown.grace=" + grace)
        .logStartupInfo(false)
        .run();
  }

  private static List<Task> tasks(Fetchq outside, String... subjects) {
    return java.util.Arrays.stream(subjects).map(s -> outside.queue("slow").get(s).orElseThrow()).toList();
  }

  @Test
  void aRunThatFinishesWithinTheGraceIsKeptAndTheHeldTasksAreGivenBack() throws Exception {
    started = new CountDownLatch(1);
    runFor = Duration.ofMillis(1500);
    ConfigurableApplicationContext context = start("10s");
    Fetchq fetchq = context.getBean(Fetchq.class);
    fetchq.queue("slow").pushAll(List.of(NewTask.of("a1"), NewTask.of("a2"), NewTask.of("a3")));
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    context.close();   // while a1 runs, a2 and a3 wait in the worker

    try (Fetchq outside = StarterTestSupport.outsideClient(SCHEMA)) {
      List<Task> tasks = tasks(outside, "a1", "a2", "a3");
      assertThat(tasks).noneMatch(t -> t.status() == TaskStatus.ACTIVE);
      assertThat(tasks).filteredOn(t -> t.status() == TaskStatus.COMPLETED).hasSize(1);
      assertThat(tasks).filteredOn(t -> t.status() == TaskStatus.PENDING).hasSize(2)
          .allSatisfy(t -> assertThat(t.attempts()).isZero());
      outside.truncateQueue("slow");
    }
  }

  @Test
  void aRunThatOutlivesTheGraceIsGivenBackPending() throws Exception {
    started = new CountDownLatch(1);
    runFor = Duration.ofSeconds(30);
    ConfigurableApplicationContext context = start("300ms");
    context.getBean(Fetchq.class).queue("slow").push(NewTask.of("b1"));
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    long before = System.nanoTime();
    context.close();

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
    try (Fetchq outside = StarterTestSupport.outsideClient(SCHEMA)) {
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(outside.queue("slow").get("b1").orElseThrow().status()).isEqualTo(TaskStatus.PENDING));
    }
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropSchema(SCHEMA);
  }
}
