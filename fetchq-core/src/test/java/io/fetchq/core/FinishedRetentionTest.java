package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A queue's finished retention, end to end: the scheduled maintenance retires COMPLETED and KILLED
 * tasks once it has passed, and their subjects can be pushed, and run, again.
 */
class FinishedRetentionTest {
  private static final TestFetchq db = new TestFetchq("finished_retention");

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Test
  void scheduledMaintenanceRetiresFinishedTasksAndFreesTheirSubjects() {
    AtomicInteger runs = new AtomicInteger();
    Set<String> killedOnes = ConcurrentHashMap.newKeySet();
    try (Fetchq fetchq = Fetchq.builder()
        .config(db.config().with("fetchq.maintenance.prune-interval", "1s"))
        .queue("kept", q -> q.maxAttempts(1))
        .queue("retired", q -> q.maxAttempts(1).finishedRetention(Duration.ZERO))
        .worker("kept", (task, context) -> Action.complete(), w -> w.concurrency(2).batch(10))
        .worker("retired", (task, context) -> {
          runs.incrementAndGet();
          if (task.subject().startsWith("bad")) {
            killedOnes.add(task.subject());
            return Action.reject("bad input");
          }
          return Action.complete();
        }, w -> w.concurrency(2).batch(10))
        .build()) {
      fetchq.start();
      Queue kept = fetchq.queue("kept");
      Queue retired = fetchq.queue("retired");
      List<NewTask> tasks = IntStream.range(0, 20)
          .mapToObj(i -> NewTask.of((i < 5 ? "bad-" : "ok-") + i)).toList();
      kept.pushAll(tasks);
      retired.pushAll(tasks);

      await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 20 && retired.stats().total() == 0);
      assertThat(killedOnes).hasSize(5);
      assertThat(retired.stats().completed()).isZero();
      assertThat(retired.stats().killed()).isZero();
      assertThat(retired.stats().processed()).as("the flow counters keep the history").isEqualTo(20);
      assertThat(retired.get("ok-7")).isEmpty();

      assertThat(retired.push(NewTask.of("ok-7"))).as("its subject is free again").isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 21);

      await().atMost(Duration.ofSeconds(10)).until(() -> kept.stats().completed() + kept.stats().killed() == 20);
      assertThat(kept.stats().total()).as("a queue without a retention keeps its finished tasks").isEqualTo(20);
      assertThat(kept.push(NewTask.of("ok-7"))).isFalse();
    }
  }
}
