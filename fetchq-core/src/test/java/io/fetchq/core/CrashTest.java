package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost when a worker dies: a client whose handlers hang past their lock is as good as
 * crashed. Another client recovers its tasks once the lock expires and completes them; when the
 * hung handlers finally return, their outcomes are refused as stale.
 *
 * <p>The first client is made "dead" without stopping any thread: maintenance is off (it recovers
 * nothing), its handlers block until the test lets them go, and its picker, having locked every
 * task in its first pick, goes idle for ten minutes with no notification to wake it (the queue's
 * notifications are off).
 */
class CrashTest {
  private static final TestFetchq db = new TestFetchq("crash");
  private static final String QUEUE = "crash_victims";
  private static final int TASKS = 6;
  private static final Duration LOCK = Duration.ofSeconds(1);

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  private static QueueSettings settings(QueueSettings q) {
    return q.lock(LOCK).maxAttempts(5).notifications(false);
  }

  @Test
  void anotherClientCompletesTheTasksOfAHungClientAndTheLateOutcomesAreStale() throws Exception {
    CountDownLatch letFirstGo = new CountDownLatch(1);
    AtomicInteger firstStarted = new AtomicInteger();
    Map<String, Boolean> leaseLostWhenInterrupted = new ConcurrentHashMap<>();
    Map<String, Boolean> leaseLostAtReturn = new ConcurrentHashMap<>();
    Handler hung =
        (task, ctx) -> {
          firstStarted.incrementAndGet();
          while (true) {
            try {
              if (letFirstGo.await(10, TimeUnit.MILLISECONDS)) {
                break;
              }
            } catch (InterruptedException e) {
              leaseLostWhenInterrupted.put(task.subject(), ctx.leaseLost());
            }
          }
          leaseLostAtReturn.put(task.subject(), ctx.leaseLost());
          return Action.complete().withPayload("{\"by\":1}");
        };
    Map<String, AtomicInteger> secondRuns = new ConcurrentHashMap<>();
    Handler healthy =
        (task, ctx) -> {
          secondRuns.computeIfAbsent(task.subject(), s -> new AtomicInteger()).incrementAndGet();
          return Action.complete().withPayload("{\"by\":2}");
        };

    Fetchq first =
        Fetchq.builder()
            .config(db.config().with("fetchq.maintenance.enabled", "false"))
            .queue(QUEUE, CrashTest::settings)
            .worker(QUEUE, hung, w -> w.concurrency(TASKS).batch(TASKS)
                .idle(Duration.ofMinutes(10), Duration.ofMinutes(10)))
            .build();
    try (QueueRows rows = new QueueRows(db.config())) {
      List<NewTask> tasks = IntStream.range(0, TASKS).mapToObj(i -> NewTask.of("task-" + i)).toList();
      assertThat(first.queue(QUEUE).pushAll(tasks)).isEqualTo(TASKS);
      first.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> firstStarted.get() == TASKS);
      assertThat(rows.stats(QUEUE).active()).isEqualTo(TASKS);

      try (Fetchq second =
          Fetchq.builder()
              .config(db.config())
              .queue(QUEUE, CrashTest::settings)
              .worker(QUEUE, healthy, w -> w.concurrency(2).batch(3).lock(Duration.ofMinutes(1)))
              .build()) {
        second.start();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> rows.stats(QUEUE).completed() == TASKS);

        // the hung runs were told: their lease is lost and their threads were interrupted
        assertThat(leaseLostWhenInterrupted).hasSize(TASKS).allSatisfy((s, lost) -> assertThat(lost).as(s).isTrue());

        letFirstGo.countDown();
        long closing = System.nanoTime();
        first.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
        assertThat(leaseLostAtReturn).hasSize(TASKS).allSatisfy((s, lost) -> assertThat(lost).as(s).isTrue());

        assertThat(secondRuns).hasSize(TASKS).allSatisfy((s, n) -> assertThat(n.get()).as(s).isEqualTo(1));
        QueueStats stats = rows.assertCountersAgreeWithRows(QUEUE);
        assertThat(stats.completed()).isEqualTo(TASKS);
        assertThat(stats.processed()).as("only the second client's outcomes applied").isEqualTo(TASKS);
        assertThat(stats.picked()).isEqualTo(2L * TASKS);
        assertThat(stats.orphaned()).isEqualTo(TASKS);
        assertThat(stats.errors()).isEqualTo(TASKS);
        assertThat(stats.rejected()).isZero();
        assertThat(rows.all(QUEUE))
            .hasSize(TASKS)
            .allSatisfy(
                t -> {
                  assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
                  assertThat(t.payload()).as(t.subject()).isEqualTo("{\"by\":2}");
                  assertThat(t.iterations()).isEqualTo(1);
                });

        List<TaskError> errors = rows.errors(QUEUE, 100);
        assertThat(errors).hasSize(TASKS).allSatisfy(e -> {
          assertThat(e.message()).isEqualTo("lock expired before an outcome");
          assertThat(e.attempt()).isEqualTo(1);
        });
        assertThat(errors.stream().collect(Collectors.groupingBy(TaskError::subject, Collectors.counting())))
            .as("one entry per task")
            .containsOnlyKeys(tasks.stream().map(NewTask::subject).toList())
            .allSatisfy((s, n) -> assertThat(n).isEqualTo(1));
      }
    } finally {
      letFirstGo.countDown();
      first.close();
    }
  }

  @Test
  void theTasksOfAKilledJvmAreRecoveredAndCompleted(@TempDir Path dir) throws Exception {
    String queue = "crash_killed";
    Path log = dir.resolve("child.log");
    try (QueueRows rows = new QueueRows(db.config());
        Fetchq survivor =
            Fetchq.builder()
                .config(db.config())
                .queue(queue, CrashTest::settings)
                .worker(queue, (task, ctx) -> Action.complete().withPayload("{\"by\":2}"), w -> w.concurrency(2).batch(3))
                .build()) {
      List<NewTask> tasks = IntStream.range(0, TASKS).mapToObj(i -> NewTask.of("task-" + i)).toList();
      assertThat(survivor.queue(queue).pushAll(tasks)).isEqualTo(TASKS);
      Process child = ChildJvm.start(HangingProcess.class, db.schema, log, queue, Integer.toString(TASKS));
      try {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> Files.readString(log).contains("running " + TASKS) || !child.isAlive());
        assertThat(child.isAlive()).as("the child runs; its log:%n%s", Files.readString(log)).isTrue();
        assertThat(rows.stats(queue).active()).isEqualTo(TASKS);
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      // the child is gone without a word to the database; its locks run out and another client takes over
      survivor.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> rows.stats(queue).completed() == TASKS);

      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.processed()).isEqualTo(TASKS);
      assertThat(stats.picked()).isEqualTo(2L * TASKS);
      assertThat(stats.orphaned()).isEqualTo(TASKS);
      assertThat(stats.errors()).isEqualTo(TASKS);
      assertThat(rows.all(queue)).allSatisfy(t -> {
        assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(t.payload()).isEqualTo("{\"by\":2}");
        assertThat(t.attempts()).isZero();
      });
      assertThat(rows.errors(queue, 100))
          .hasSize(TASKS)
          .allSatisfy(e -> assertThat(e.message()).isEqualTo("lock expired before an outcome"));
    }
  }

  /** A client in a JVM of its own whose handlers never return; the test kills the JVM. */
  static final class HangingProcess {
    private HangingProcess() {}

    public static void main(String[] args) throws Exception {
      String queue = args[3];
      int tasks = Integer.parseInt(args[4]);
      AtomicInteger running = new AtomicInteger();
      Fetchq fetchq =
          Fetchq.builder()
              .config(ChildJvm.config(args))
              .queue(queue, CrashTest::settings)
              .worker(
                  queue,
                  (task, ctx) -> {
                    if (running.incrementAndGet() == tasks) {
                      System.out.println("running " + tasks);
                    }
                    while (true) {
                      try {
                        Thread.sleep(60_000);
                      } catch (InterruptedException e) {
                        // hung: it does not heed the lock watch
                      }
                    }
                  },
                  w -> w.concurrency(tasks).batch(tasks))
              .build();
      fetchq.start();
      Thread.sleep(120_000);
      System.exit(3);
    }
  }
}
