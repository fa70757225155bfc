package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a handler gets besides its task: a lock it can extend (a long run that keeps extending is
 * never taken for an orphan), the user's services, other queues, and its attempt and lease.
 */
class LockAndContextTest {
  private static final TestFetchq db = new TestFetchq("lock_context");

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Test
  void aRunThatExtendsItsLockIsNeverRecoveredAsAnOrphan() {
    String queue = "long_runs";
    // the handler extends every 300 ms: a lock of 1 s leaves room for a loaded machine's pauses
    Duration lock = Duration.ofSeconds(1);
    AtomicInteger runs = new AtomicInteger();
    List<Boolean> extended = new CopyOnWriteArrayList<>();
    AtomicBoolean leaseLost = new AtomicBoolean();
    AtomicBoolean interrupted = new AtomicBoolean();
    Handler longRun =
        (task, ctx) -> {
          runs.incrementAndGet();
          long end = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
          while (System.nanoTime() < end) {
            try {
              Thread.sleep(300);
            } catch (InterruptedException e) {
              interrupted.set(true);
            }
            extended.add(ctx.extendLock(lock));
          }
          leaseLost.set(ctx.leaseLost());
          return Action.complete().withPayload("{\"done\":true}");
        };
    // two clients with maintenance every 50 ms: either would take the task the moment its lock lapsed
    try (QueueRows rows = new QueueRows(db.config());
        Fetchq fetchq =
            Fetchq.builder()
                .config(db.config())
                .queue(queue, q -> q.lock(lock).maxAttempts(5))
                .worker(queue, longRun, w -> w.concurrency(1).batch(1))
                .build();
        Fetchq other =
            Fetchq.builder()
                .config(db.config())
                .queue(queue, q -> q.lock(lock).maxAttempts(5))
                .worker(queue, longRun, w -> w.concurrency(1).batch(1))
                .build()) {
      fetchq.start();
      other.start();
      fetchq.queue(queue).push(NewTask.of("marathon"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> rows.stats(queue).completed() == 1);
      // and nothing comes after it
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 1);

      assertThat(extended).hasSizeGreaterThanOrEqualTo(4).containsOnly(true);
      assertThat(leaseLost).isFalse();
      assertThat(interrupted).isFalse();
      Task task = fetchq.queue(queue).get("marathon").orElseThrow();
      assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(task.payload()).isEqualTo("{\"done\":true}");
      assertThat(task.iterations()).isEqualTo(1);
      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.picked()).isEqualTo(1);
      assertThat(stats.processed()).isEqualTo(1);
      assertThat(stats.orphaned()).isZero();
      assertThat(stats.errors()).isZero();
    }
  }

  @Test
  void aTaskWaitingBehindASlowHandlerIsGivenBackBeforeItsLockExpires() {
    String queue = "backlog";
    Duration lock = Duration.ofSeconds(1);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    List<String> startedLate = new CopyOnWriteArrayList<>();
    Handler handler =
        (task, ctx) -> {
          runs.computeIfAbsent(task.subject(), s -> new AtomicInteger()).incrementAndGet();
          // while a task is active, its next iteration is when its lock expires
          if (!Instant.now().isBefore(task.nextIteration().plusMillis(20))) {
            startedLate.add(task.subject() + " attempt " + task.attempts());
          }
          // the first run of "slow" outlasts its lock, with work that does not heed interrupts
          long work = task.subject().equals("slow") && task.attempts() == 1 ? 1_300 : 10;
          long end = System.nanoTime() + Duration.ofMillis(work).toNanos();
          while (System.nanoTime() < end) {
            Thread.onSpinWait();
          }
          return Action.complete();
        };
    // one handler thread, batches of two: "next" waits behind "slow" for 1.3 s, past its lock
    try (QueueRows rows = new QueueRows(db.config());
        Fetchq fetchq =
            Fetchq.builder()
                .config(db.config())
                .queue(queue, q -> q.lock(lock).maxAttempts(5))
                .worker(queue, handler, w -> w.concurrency(1).batch(2))
                .build()) {
      assertThat(fetchq.queue(queue).pushAll(List.of(NewTask.of("slow").priority(10), NewTask.of("next"))))
          .isEqualTo(2);
      fetchq.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> rows.stats(queue).completed() == 2);

      assertThat(startedLate).as("handlers started after their task's lock had expired").isEmpty();
      assertThat(runs.get("slow")).as("runs of slow").hasValue(2);
      assertThat(runs.get("next")).as("runs of next").hasValue(1);
      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.processed()).isEqualTo(2);
      // only slow's own run outlasted its lock; next was given back before its lock expired
      assertThat(stats.orphaned()).isEqualTo(1);
      assertThat(stats.picked()).isEqualTo(4);
    }
  }

  @Test
  void aTaskWaitingForAHandlerIsGivenBackWhenTheClockNearsTheEndOfItsLock() throws Exception {
    String queue = "backlog_clock";
    // a lock of a minute: a task waiting for the handler is given back 10 s before it ends, which
    // the clock reaches at once instead of in 50 s
    Duration lock = Duration.ofMinutes(1);
    SettableClock time = new SettableClock();
    CountDownLatch slowRuns = new CountDownLatch(1);
    CountDownLatch slowMayEnd = new CountDownLatch(1);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Handler handler =
        (task, ctx) -> {
          runs.computeIfAbsent(task.subject(), s -> new AtomicInteger()).incrementAndGet();
          if (task.subject().equals("slow")) {
            slowRuns.countDown();
            assertThat(slowMayEnd.await(30, TimeUnit.SECONDS)).as("slow let go").isTrue();
          }
          return Action.complete();
        };
    // one handler thread, batches of two: "next" waits behind "slow" until the test lets it go
    try (QueueRows rows = new QueueRows(db.config());
        Fetchq fetchq =
            Fetchq.builder()
                .config(db.config())
                .clock(time.clock())
                .queue(queue, q -> q.lock(lock).maxAttempts(5))
                .worker(queue, handler, w -> w.concurrency(1).batch(2))
                .build()) {
      Queue tasks = fetchq.queue(queue);
      assertThat(tasks.pushAll(List.of(NewTask.of("slow").priority(10), NewTask.of("next")))).isEqualTo(2);
      fetchq.start();
      assertThat(slowRuns.await(10, TimeUnit.SECONDS)).isTrue();
      Task waiting = tasks.get("next").orElseThrow();
      assertThat(waiting.status()).as("next, picked with slow").isEqualTo(TaskStatus.ACTIVE);

      time.advance(lock.minusSeconds(9));

      // given back: pending again, or (the picker being free to) already picked again
      Task next = await("next given back").atMost(Duration.ofSeconds(10)).until(
          () -> tasks.get("next").orElseThrow(),
          t -> t.status() == TaskStatus.PENDING || t.lease() != waiting.lease());
      assertThat(next.attempts()).as("attempts of next: the one given back was returned")
          .isEqualTo(next.status() == TaskStatus.PENDING ? 0 : 1);
      assertThat(runs).as("runs so far").doesNotContainKey("next");

      slowMayEnd.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> rows.stats(queue).completed() == 2);

      assertThat(runs.get("slow")).as("runs of slow").hasValue(1);
      assertThat(runs.get("next")).as("runs of next").hasValue(1);
      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.processed()).isEqualTo(2);
      assertThat(stats.orphaned()).isZero();
      assertThat(stats.errors()).isZero();
      assertThat(stats.picked()).as("slow and next, then next again").isEqualTo(3);
    } finally {
      slowMayEnd.countDown();
    }
  }

  /** A service of the user's, registered with the builder. */
  static final class Site {
    String page(String hero) {
      return "<h1>" + hero + "</h1>";
    }
  }

  /** A type nobody registered. */
  interface Unregistered {}

  /** What the handler saw in its context, run by run. */
  record Seen(Task task, int attempt, long lease, Optional<Site> site, Optional<Unregistered> missing, boolean pushed) {}

  @Test
  void theContextGivesServicesOtherQueuesAndTheRunsAttemptAndLease() {
    String queue = "heroes";
    String other = "pages";
    Site site = new Site();
    List<Seen> seen = new CopyOnWriteArrayList<>();
    Handler handler =
        (task, ctx) -> {
          Optional<Site> found = ctx.service(Site.class);
          boolean pushed =
              ctx.queue(other).push(NewTask.of(task.subject() + "-" + ctx.attempt())
                  .payload("{\"html\":\"" + found.map(s -> s.page(task.subject())).orElse("") + "\"}"));
          seen.add(new Seen(task, ctx.attempt(), ctx.lease(), found, ctx.service(Unregistered.class), pushed));
          return ctx.attempt() < 2 ? Action.reject("once more") : Action.complete();
        };
    try (Fetchq fetchq =
        Fetchq.builder()
            .config(db.config())
            .queue(queue, q -> q.retry(RetryPolicy.immediate()))
            .queue(other)
            .service(Site.class, site)
            .worker(queue, handler, w -> w.concurrency(1).batch(1))
            .build()) {
      fetchq.start();
      fetchq.queue(queue).push(NewTask.of("thor"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> fetchq.queue(queue).get("thor").map(Task::status).orElse(null) == TaskStatus.COMPLETED);

      assertThat(seen).hasSize(2);
      for (int i = 0; i < 2; i++) {
        Seen run = seen.get(i);
        assertThat(run.attempt()).isEqualTo(i + 1).isEqualTo(run.task().attempts());
        assertThat(run.lease()).isEqualTo(run.task().lease()).isPositive();
        assertThat(run.site()).containsSame(site);
        assertThat(run.missing()).isEmpty();
        assertThat(run.pushed()).isTrue();
      }
      assertThat(seen.get(1).lease()).as("each pick has a lease of its own").isNotEqualTo(seen.get(0).lease());
      assertThat(fetchq.queue(other).get("thor-1").orElseThrow().payload())
          .isEqualTo("{\"html\":\"<h1>thor</h1>\"}");
      assertThat(fetchq.queue(other).get("thor-2")).isPresent();
      assertThat(fetchq.queue(other).stats().pending()).isEqualTo(2);
    }
  }
}
