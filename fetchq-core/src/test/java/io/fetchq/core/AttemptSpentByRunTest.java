package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An attempt is spent only by a run: tasks picked ahead of a handler that is stuck (blocking I/O
 * that ignores the interrupt) are given back before their lock runs out, with their attempt
 * returned, and run later exactly once, on either backend. The stuck task's own run spends its
 * attempt: it ran past its lock, which is a failure of the work.
 */
class AttemptSpentByRunTest {
  private static final TestFetchq db = new TestFetchq("attempt_spent_by_run");
  private static final Duration LOCK = Duration.ofSeconds(2);
  private static final Duration STUCK = Duration.ofSeconds(6);

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  /** Blocks on the task {@code stuck} for {@link #STUCK}, ignoring interrupts; completes every other task. */
  static final class StuckOnOne implements Handler {
    final String stuck;
    final Map<String, List<Integer>> attemptsBySubject = new ConcurrentHashMap<>();

    StuckOnOne(String stuck) {
      this.stuck = stuck;
    }

    @Override
    public Action handle(Task task, TaskContext ctx) {
      attemptsBySubject.computeIfAbsent(task.subject(), s -> new CopyOnWriteArrayList<>()).add(ctx.attempt());
      if (task.subject().equals(stuck)) {
        long until = System.nanoTime() + STUCK.toNanos();
        while (System.nanoTime() < until) {
          try {
            Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
          } catch (InterruptedException ignored) {
            // as blocking I/O does: the interrupt is not seen
          }
        }
      }
      return Action.complete();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void tasksWaitingBehindAStuckHandlerRunOnceEachWithoutLosingAnAttempt(String storage) {
    String queue = "stuck_" + storage;
    StuckOnOne handler = new StuckOnOne("first");
    try (Fetchq fetchq = Fetchq.builder().config(db.config().withStorage(storage))
        .queue(queue, q -> q.maxAttempts(1).lock(LOCK))
        .worker(queue, handler, w -> w.concurrency(1).batch(5))
        .build()) {
      Queue tasks = fetchq.queue(queue);
      tasks.push(NewTask.of("first").priority(10));
      tasks.pushAll(IntStream.range(1, 5).mapToObj(i -> NewTask.of("next-" + i)).toList());
      fetchq.start();

      await().atMost(Duration.ofSeconds(30)).until(() -> {
        QueueStats stats = tasks.stats();
        return stats.completed() == 4 && stats.killed() == 1;
      });

      for (int i = 1; i < 5; i++) {
        String subject = "next-" + i;
        assertThat(handler.attemptsBySubject.get(subject)).as("the attempts %s ran with", subject).containsExactly(1);
        Task task = tasks.get(subject).orElseThrow();
        assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
      }
      // the stuck run is the only one that spent an attempt it did not finish: it ran past its lock
      assertThat(handler.attemptsBySubject.get("first")).containsExactly(1);
      assertThat(tasks.get("first").orElseThrow().status()).isEqualTo(TaskStatus.KILLED);
      QueueStats stats = tasks.stats();
      assertThat(stats.orphaned()).as("tasks whose lock expired in the database").isEqualTo(1);
      assertThat(stats.processed()).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void aTaskReachesTheNextClientWithTheAttemptsItsRunsSpent(String storage) {
    String queue = "stale_" + storage;
    StuckOnOne stuck = new StuckOnOne("first");
    StuckOnOne second = new StuckOnOne("none");
    try (Fetchq holder = Fetchq.builder().config(db.config().withStorage(storage))
        .queue(queue, q -> q.maxAttempts(3).lock(LOCK))
        .worker(queue, stuck, w -> w.concurrency(1).batch(5))
        .build()) {
      Queue tasks = holder.queue(queue);
      tasks.push(NewTask.of("first").priority(10));
      tasks.pushAll(IntStream.range(1, 5).mapToObj(i -> NewTask.of("next-" + i)).toList());
      holder.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> stuck.attemptsBySubject.containsKey("first"));

      try (Fetchq other = Fetchq.builder().config(db.config().withStorage(storage))
          .worker(queue, second, w -> w.concurrency(4).batch(5))
          .build()) {
        other.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> tasks.stats().completed() == 5);
      }
    }
    // the stuck run spent attempt 1 and its lock expired; the second client ran it as attempt 2
    assertThat(second.attemptsBySubject.get("first")).containsExactly(2);
    for (int i = 1; i < 5; i++) {
      String subject = "next-" + i;
      List<Integer> attempts = new CopyOnWriteArrayList<>();
      attempts.addAll(stuck.attemptsBySubject.getOrDefault(subject, List.of()));
      attempts.addAll(second.attemptsBySubject.getOrDefault(subject, List.of()));
      assertThat(attempts).as("the attempts %s ran with, on either client", subject).containsExactly(1);
    }
  }
}
