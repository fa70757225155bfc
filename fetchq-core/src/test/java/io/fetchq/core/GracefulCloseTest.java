package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Fetchq#close()} is graceful: it stops picking, gives back at once the tasks it holds but
 * has not started (so that another client picks them without waiting for their long lock), lets
 * running handlers finish within the grace period and settles their outcomes; a handler still
 * running at the end of the grace period is interrupted and its task given back too.
 */
class GracefulCloseTest {
  private static final TestFetchq db = new TestFetchq("graceful_close");
  private static final Duration LONG_LOCK = Duration.ofMinutes(10);

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  private static List<NewTask> tasks(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> NewTask.of(prefix + "-" + i)).toList();
  }

  @Test
  void runningHandlersFinishAndHeldTasksAreGivenBackAtOnce() throws Exception {
    String queue = "held";
    int pushed = 60;
    int concurrency = 2;
    int batch = 50;
    CountDownLatch finish = new CountDownLatch(1);
    Set<String> started = ConcurrentHashMap.newKeySet();
    Handler slow =
        (task, ctx) -> {
          started.add(task.subject());
          assertThat(finish.await(20, TimeUnit.SECONDS)).isTrue();
          return Action.complete().withPayload("{\"by\":1}");
        };
    Fetchq first =
        Fetchq.builder()
            .config(db.config().with("fetchq.shutdown.grace", "20s"))
            .queue(queue, q -> q.lock(LONG_LOCK))
            .worker(queue, slow, w -> w.concurrency(concurrency).batch(batch))
            .build();
    CompletableFuture<Void> closing = null;
    try (QueueRows rows = new QueueRows(db.config());
        Fetchq second = Fetchq.builder().config(db.config()).queue(queue, q -> q.lock(LONG_LOCK)).build()) {
      assertThat(first.queue(queue).pushAll(tasks("hero", pushed))).isEqualTo(pushed);
      first.start();
      // two handlers run; the rest of the room (one batch per picker, more than was pushed) is held
      // waiting for them
      int held = pushed;
      await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == concurrency && rows.stats(queue).active() == held);
      Map<String, Task> before =
          rows.all(queue).stream().collect(Collectors.toMap(Task::subject, t -> t));
      assertThat(before.values().stream().filter(t -> t.status() == TaskStatus.ACTIVE))
          .hasSize(held)
          .allSatisfy(t -> assertThat(t.attempts()).isEqualTo(1));

      long closeStarted = System.nanoTime();
      closing = CompletableFuture.runAsync(first::close);

      // while the two handlers still run, the held tasks are back and another client takes them
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> rows.stats(queue).pending() == pushed - concurrency);
      assertThat(closing).isNotDone();
      Map<String, Task> released =
          rows.all(queue).stream()
              .filter(t -> before.get(t.subject()).status() == TaskStatus.ACTIVE && !started.contains(t.subject()))
              .collect(Collectors.toMap(Task::subject, t -> t));
      assertThat(released).hasSize(held - concurrency);
      assertThat(released.values())
          .allSatisfy(
              t -> {
                assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
                assertThat(t.attempts()).as("attempts of %s back to before the pick", t.subject()).isZero();
                assertThat(t.iterations()).isZero();
              });
      List<Task> taken = second.queue(queue).pick(100, LONG_LOCK);
      assertThat(Duration.ofNanos(System.nanoTime() - closeStarted))
          .as("picked again long before the lock of %s", LONG_LOCK)
          .isLessThan(Duration.ofSeconds(5));
      assertThat(taken).hasSize(pushed - concurrency);
      assertThat(taken.stream().map(Task::subject)).doesNotContainAnyElementsOf(started);
      assertThat(second.queue(queue).settleAll(taken.stream().collect(Collectors.toMap(t -> t, t -> Action.complete()))))
          .isEqualTo(pushed - concurrency);

      // the running handlers finish within the grace period and their outcomes are settled
      finish.countDown();
      closing.get(10, TimeUnit.SECONDS);
      assertThat(started).hasSize(concurrency);
      for (String subject : started) {
        Task done = rows.all(queue).stream().filter(t -> t.subject().equals(subject)).findFirst().orElseThrow();
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.payload()).isEqualTo("{\"by\":1}");
      }
      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.completed()).isEqualTo(pushed);
      assertThat(stats.processed()).isEqualTo(pushed);
      assertThat(stats.picked()).as("the held tasks were picked twice").isEqualTo(pushed + held - concurrency);
      assertThat(stats.orphaned()).isZero();
      assertThat(stats.errors()).isZero();

      // closing again is harmless
      long again = System.nanoTime();
      first.close();
      assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(100));
    } finally {
      finish.countDown();
      if (closing != null) {
        closing.get(20, TimeUnit.SECONDS);
      }
      first.close();
    }
  }

  @Test
  void aHandlerPastTheGracePeriodIsInterruptedAndItsTaskGivenBack() throws Exception {
    String queue = "overrun";
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean leaseLost = new AtomicBoolean();
    Handler sleepy =
        (task, ctx) -> {
          running.countDown();
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException e) {
            interrupted.set(true);
            leaseLost.set(ctx.leaseLost());
            throw e;
          }
          return Action.complete();
        };
    Fetchq first =
        Fetchq.builder()
            .config(db.config().with("fetchq.shutdown.grace", "200ms"))
            .queue(queue, q -> q.lock(LONG_LOCK))
            .worker(queue, sleepy, w -> w.concurrency(1).batch(1))
            .build();
    try (QueueRows rows = new QueueRows(db.config());
        Fetchq second = Fetchq.builder().config(db.config()).queue(queue, q -> q.lock(LONG_LOCK)).build()) {
      assertThat(first.queue(queue).push(NewTask.of("sleeper"))).isTrue();
      first.start();
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

      long closeStarted = System.nanoTime();
      first.close();
      Duration closeTook = Duration.ofNanos(System.nanoTime() - closeStarted);
      assertThat(closeTook).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(2));
      await().atMost(Duration.ofSeconds(1)).untilTrue(interrupted);
      assertThat(leaseLost).isTrue();

      Task back = rows.all(queue).get(0);
      assertThat(back.status()).isEqualTo(TaskStatus.PENDING);
      assertThat(back.attempts()).isZero();
      assertThat(back.iterations()).isZero();
      List<Task> taken = second.queue(queue).pick(10, LONG_LOCK);
      assertThat(taken).extracting(Task::subject).containsExactly("sleeper");
      assertThat(taken.get(0).attempts()).isEqualTo(1);

      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.picked()).isEqualTo(2);
      assertThat(stats.processed()).isZero();
      assertThat(stats.rejected()).isZero();
      assertThat(stats.errors()).as("the interrupted run is not a failure").isZero();

      first.close();
    } finally {
      first.close();
    }
  }
}
