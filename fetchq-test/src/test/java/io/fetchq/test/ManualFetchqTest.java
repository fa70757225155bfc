package io.fetchq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.Action;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Manual mode: drain runs due tasks on the test's thread, following pushes; advance makes planned tasks due. */
class ManualFetchqTest {

  @Test
  void drainRunsEveryDueTaskOnTheCallingThreadFollowingThePushesOfItsHandlers() {
    List<String> threads = new CopyOnWriteArrayList<>();
    try (ManualFetchq fetchq = ManualFetchq.create(b -> b.worker("count", (task, ctx) -> {
      threads.add(Thread.currentThread().getName());
      int n = Integer.parseInt(task.subject());
      if (n < 25) {
        ctx.queue("count").push(NewTask.of(String.valueOf(n + 1)));
      }
      return Action.complete();
    }))) {
      fetchq.queue("count").push(NewTask.of("1"));

      assertThat(fetchq.drain("count")).isEqualTo(25);

      assertThat(threads).hasSize(25).containsOnly(Thread.currentThread().getName());
      assertThat(fetchq.tasks("count", TaskStatus.COMPLETED)).hasSize(25);
      assertThat(fetchq.stats("count").completed()).isEqualTo(25);
      assertThat(fetchq.drain("count")).as("nothing left").isZero();
    }
  }

  @Test
  void plannedTasksRunOnlyOnceTheClockReachesThem() {
    TestClock clock = TestClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    try (ManualFetchq fetchq = ManualFetchq.create(clock, b -> b.worker("later", (task, ctx) -> Action.complete()))) {
      fetchq.queue("later").push(NewTask.of("in-an-hour").in(Duration.ofHours(1)));
      fetchq.queue("later").push(NewTask.of("at-noon").at(Instant.parse("2030-01-01T12:00:00Z")));

      assertThat(fetchq.drain("later")).isZero();
      fetchq.advance(Duration.ofMinutes(59));
      assertThat(fetchq.drain("later")).isZero();
      fetchq.advance(Duration.ofMinutes(1));
      assertThat(fetchq.drain("later")).isEqualTo(1);
      clock.set(Instant.parse("2030-01-01T12:00:00Z"));
      assertThat(fetchq.drain("later")).isEqualTo(1);

      Task done = fetchq.task("later", "at-noon").orElseThrow();
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(done.lastIteration()).isEqualTo(Instant.parse("2030-01-01T12:00:00Z"));
    }
  }

  @Test
  void drainAllFollowsPushesToTheQueuesOfOtherWorkers() {
    try (ManualFetchq fetchq = ManualFetchq.create(b -> b
        .worker("orders", (task, ctx) -> {
          ctx.queue("mails").push(NewTask.of("confirm-" + task.subject()));
          return Action.complete();
        })
        .worker("mails", (task, ctx) -> Action.complete()))) {
      fetchq.queue("orders").push(NewTask.of("a"));
      fetchq.queue("orders").push(NewTask.of("b"));

      assertThat(fetchq.drainAll()).isEqualTo(4);

      assertThat(fetchq.tasks("mails", TaskStatus.COMPLETED)).extracting(Task::subject)
          .containsExactlyInAnyOrder("confirm-a", "confirm-b");
    }
  }

  @Test
  void aQueueWithoutAWorkerIsRefusedByName() {
    try (ManualFetchq fetchq = ManualFetchq.create(b -> b.queue("idle"))) {
      assertThatThrownBy(() -> fetchq.drain("idle"))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("queue")
          .hasMessageContaining("has no worker");
    }
  }

  @Test
  void aStartedClientIsNotDrained() {
    try (ManualFetchq fetchq = ManualFetchq.create(b -> b.worker("busy", (task, ctx) -> Action.complete()))) {
      fetchq.fetchq().start();
      assertThatThrownBy(() -> fetchq.drain("busy"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("started");
    }
  }

  @Test
  void theErrorLogSaysWhatFailed() {
    try (ManualFetchq fetchq = ManualFetchq.create(b -> b.worker("flaky", (task, ctx) -> {
      throw new IllegalStateException("no route to " + task.subject());
    }))) {
      fetchq.queue("flaky").push(NewTask.of("mars"));

      fetchq.drain("flaky");

      assertThat(fetchq.errors("flaky")).singleElement()
          .satisfies(e -> assertThat(e.message()).isEqualTo("no route to mars"));
    }
  }

  @Test
  void aScheduleRunsOncePerFireTimeAsTheClockMoves() {
    TestClock clock = TestClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    List<Instant> fires = new CopyOnWriteArrayList<>();
    try (ManualFetchq fetchq = ManualFetchq.create(clock, b -> b.schedule("nightly-report", "0 3 * * *",
        java.time.ZoneId.of("Europe/Rome"), (task, ctx) -> {
          fires.add(io.fetchq.core.Fetchq.fireTime(task).orElseThrow());
          return Action.complete();
        }))) {
      assertThat(fetchq.drainAll()).isZero();
      fetchq.advance(Duration.ofHours(2)); // 03:00 in Rome
      assertThat(fetchq.drainAll()).isEqualTo(1);
      fetchq.advance(Duration.ofHours(23));
      assertThat(fetchq.drainAll()).isZero();
      fetchq.advance(Duration.ofHours(1));
      assertThat(fetchq.drainAll()).isEqualTo(1);

      assertThat(fires).containsExactly(Instant.parse("2030-01-01T02:00:00Z"), Instant.parse("2030-01-02T02:00:00Z"));
      assertThat(fetchq.task(io.fetchq.core.Fetchq.SCHEDULES_QUEUE, "nightly-report").orElseThrow().nextIteration())
          .isEqualTo(Instant.parse("2030-01-03T02:00:00Z"));
    }
  }
}
