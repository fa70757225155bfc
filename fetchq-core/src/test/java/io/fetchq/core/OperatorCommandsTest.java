package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.CancelResult;
import io.fetchq.Handler;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueInfo;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The operator commands through the client, with real workers on a real database: pause and resume
 * reach every client, a cancelled run is seen by its handler and ends KILLED, the concurrency limit
 * holds across clients, retries and run-now wake the workers, and the queue-level commands.
 */
class OperatorCommandsTest {
  private static final TestFetchq db = new TestFetchq("operator");
  /** Idle polling so slow that only a wake-up can explain a prompt pick. */
  private static final Duration SLOW_POLL = Duration.ofSeconds(60);

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  private static String uniqueQueue(String prefix) {
    // the wake-up channel is named after the queue, not the schema
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static List<NewTask> tasks(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> NewTask.of(prefix + "-" + i)).toList();
  }

  @Test
  void pauseStopsTheWorkersOfEveryClientWhilePushesLandAndResumeWakesThem() throws Exception {
    String queue = uniqueQueue("pause");
    Set<String> handled = ConcurrentHashMap.newKeySet();
    Handler handler = (task, ctx) -> {
      handled.add(task.subject());
      return Action.complete();
    };
    try (Fetchq worker = Fetchq.builder().config(db.config()).queue(queue)
            .worker(queue, handler, w -> w.concurrency(2).batch(5).idle(Duration.ofMillis(50), SLOW_POLL))
            .build();
        Fetchq operator = Fetchq.builder().config(db.config()).queue(queue).build()) {
      worker.start();
      operator.start();
      operator.queue(queue).pushAll(tasks("before", 5));
      await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 5);

      operator.pause(queue);
      assertThat(info(operator, queue).paused()).isTrue();
      assertThat(operator.queue(queue).pushAll(tasks("while-paused", 5))).isEqualTo(5);
      // the push woke the worker; its pick finds the queue paused and hands out nothing
      Thread.sleep(1_000);
      assertThat(handled).hasSize(5);
      assertThat(operator.queue(queue).stats().pending()).isEqualTo(5);

      operator.resume(queue);
      assertThat(info(operator, queue).paused()).isFalse();
      // the worker polls once a minute: only the wake-up of the resume explains a pick in time
      await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 10);
    }
  }

  @Test
  void aHandlerSeesItsRunCancelledAndTheTaskEndsKilledWithTheReason() throws Exception {
    String queue = uniqueQueue("cancel");
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger sawCancel = new AtomicInteger();
    Handler handler = (task, ctx) -> {
      runs.incrementAndGet();
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < until) {
        if (ctx.cancelled()) {
          sawCancel.incrementAndGet();
          return Action.complete(); // refused: a cancelled run ends KILLED whatever it says
        }
        Thread.sleep(20);
      }
      return Action.complete();
    };
    try (Fetchq fetchq = Fetchq.builder().config(db.config()).queue(queue, q -> q.maxAttempts(5))
            .worker(queue, handler, w -> w.concurrency(1).batch(1)).build()) {
      fetchq.start();
      Queue q = fetchq.queue(queue);
      q.push(NewTask.of("loki"));
      await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 1);

      CancelResult result = q.cancel(List.of("loki", "nobody"), "wrong universe", false);

      assertThat(result.marked()).containsExactly("loki");
      assertThat(result.killed()).isEmpty();
      await().atMost(Duration.ofSeconds(20)).until(() -> q.get("loki").orElseThrow().status() == TaskStatus.KILLED);
      assertThat(sawCancel.get()).isEqualTo(1);
      Thread.sleep(300);
      assertThat(runs.get()).as("a cancelled task is never retried").isEqualTo(1);
      QueueStats stats = q.stats();
      assertThat(stats.killed()).isEqualTo(1);
      assertThat(stats.completed()).isZero();
      assertThat(stats.active()).isZero();
      assertThat(q.errors(10)).extracting(e -> e.message()).contains("cancelled: wrong universe");
    }
  }

  @Test
  void maxActiveHoldsAcrossClientsAndCanBeRaisedAtRunTime() throws Exception {
    String queue = uniqueQueue("limit");
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Handler handler = (task, ctx) -> {
      int now = running.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      Thread.sleep(30);
      running.decrementAndGet();
      done.incrementAndGet();
      return Action.complete();
    };
    List<Fetchq> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        clients.add(Fetchq.builder().config(db.config()).queue(queue, q -> q.maxActive(2))
            .worker(queue, handler, w -> w.concurrency(4).batch(2).idle(Duration.ofMillis(5), Duration.ofMillis(50)))
            .build());
      }
      clients.forEach(Fetchq::start);
      Queue q = clients.get(0).queue(queue);
      q.pushAll(tasks("hero", 60));
      await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == 60);
      assertThat(most.get()).as("handlers running at once across 3 clients of 4 threads").isBetween(1, 2);

      q.updateOptions(q.options().maxActive(0));
      most.set(0);
      q.pushAll(tasks("more", 120));
      await().atMost(Duration.ofSeconds(60)).until(() -> done.get() == 180);
      assertThat(most.get()).as("without a limit the 12 threads overlap").isGreaterThan(2);
    } finally {
      clients.forEach(Fetchq::close);
    }
  }

  @Test
  void retryRunNowAndRetryKilledMoveTasksAndWakeTheWorkers() throws Exception {
    String queue = uniqueQueue("retry");
    List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler handler = (task, ctx) -> {
      handled.add(task.subject());
      return Action.kill("no such hero");
    };
    try (Fetchq fetchq = Fetchq.builder().config(db.config()).queue(queue)
            .worker(queue, handler, w -> w.concurrency(1).batch(10).idle(Duration.ofMillis(50), SLOW_POLL))
            .build()) {
      fetchq.start();
      Queue q = fetchq.queue(queue);
      q.push(NewTask.of("thor"));
      await().atMost(Duration.ofSeconds(20)).until(() -> q.get("thor").orElseThrow().status() == TaskStatus.KILLED);

      assertThat(q.retry(List.of("thor", "nobody"))).containsExactly("thor");
      await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 2);
      assertThat(q.get("thor").orElseThrow().attempts()).as("attempts start again from zero").isEqualTo(1);

      q.push(NewTask.of("odin").in(Duration.ofDays(1)));
      assertThat(q.runNow(List.of("odin"))).containsExactly("odin");
      await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("odin"));
      await().atMost(Duration.ofSeconds(20)).until(() -> q.stats().killed() == 2);
      assertThat(q.retry(List.of())).isEmpty();
    }
  }

  @Test
  void retryKilledTakesEveryKilledTaskInBoundedBatches() {
    String queue = uniqueQueue("killed");
    try (Fetchq fetchq = Fetchq.builder().config(db.config()).queue(queue).build()) {
      Queue q = fetchq.queue(queue);
      int count = StorageQueue.RETRY_BATCH * 2 + 500;
      List<NewTask> all = tasks("villain", count);
      q.pushAll(all);
      CancelResult cancelled = q.cancel(all.stream().map(NewTask::subject).toList(), "bulk", false);
      assertThat(cancelled.killed()).hasSize(count);
      assertThat(q.stats().killed()).isEqualTo(count);
      assertThat(q.tasks(TaskFilter.status(TaskStatus.KILLED).limit(10)).tasks()).hasSize(10);

      assertThat(q.retryKilled()).isEqualTo(count);

      QueueStats stats = q.stats();
      assertThat(stats.killed()).isZero();
      assertThat(stats.pending()).isEqualTo(count);
      Task one = q.get("villain-7").orElseThrow();
      assertThat(one.status()).isEqualTo(TaskStatus.PENDING);
      assertThat(one.attempts()).isZero();
      assertThat(q.retryKilled()).isZero();
    }
  }

  @Test
  void badInputIsRefusedBeforeAnyTaskMoves() {
    String queue = uniqueQueue("bad");
    try (Fetchq fetchq = Fetchq.builder().config(db.config()).queue(queue).build()) {
      Queue q = fetchq.queue(queue);
      q.pushAll(tasks("ok", 3));
      assertThatThrownBy(() -> q.cancel(Arrays.asList("ok-0", null), "why", false))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("subjects");
      assertThatThrownBy(() -> q.cancel(List.of("ok-0"), " ", false))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("reason");
      assertThatThrownBy(() -> q.runNow(List.of("ok-1", "x".repeat(100_000))))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("subjects");
      assertThat(q.stats().pending()).isEqualTo(3);
      assertThat(q.stats().killed()).isZero();
      assertThatThrownBy(() -> fetchq.pause("no_such_queue")).isInstanceOf(QueueNotFoundException.class);
      assertThatThrownBy(() -> fetchq.pause("bad name!")).isInstanceOf(InvalidArgumentException.class);
    }
  }

  @Test
  void theErrorHistoryOfOneTaskHoldsOnlyItsEntriesNewestFirst() {
    String queue = uniqueQueue("history");
    try (Fetchq fetchq = Fetchq.builder().config(db.config()).queue(queue).build()) {
      Queue q = fetchq.queue(queue);
      q.pushAll(tasks("hero", 3));
      q.cancel(List.of("hero-0", "hero-1"), "first", false);
      q.retry(List.of("hero-0"));
      q.cancel(List.of("hero-0"), "second", false);

      assertThat(q.errors("hero-0", 10)).extracting(TaskError::message).containsExactly("cancelled: second", "cancelled: first");
      assertThat(q.errors("hero-0", 1)).extracting(TaskError::message).containsExactly("cancelled: second");
      assertThat(q.errors("hero-1", 10)).extracting(TaskError::subject).containsExactly("hero-1");
      assertThat(q.errors("hero-2", 10)).isEmpty();
      assertThat(q.errors(10)).hasSize(3);
      assertThatThrownBy(() -> q.errors(null, 10))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("subject");
      assertThatThrownBy(() -> q.errors("", 10))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("subject");
      assertThatThrownBy(() -> q.errors("hero-0", 0))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("limit");
    }
  }

  @Test
  void queuesAreListedTruncatedAndDropped() {
    String queue = uniqueQueue("admin");
    try (Fetchq fetchq = Fetchq.builder().config(db.config()).queue(queue, q -> q.maxActive(7)).build()) {
      fetchq.queue(queue).pushAll(tasks("t", 4));
      QueueInfo info = info(fetchq, queue);
      assertThat(info.options().maxActive()).isEqualTo(7);
      assertThat(info.paused()).isFalse();

      assertThat(fetchq.truncateQueue(queue)).isEqualTo(4);
      assertThat(fetchq.queue(queue).stats().pending()).isZero();

      assertThat(fetchq.dropQueue(queue)).isTrue();
      assertThat(fetchq.queues()).extracting(QueueInfo::name).doesNotContain(queue);
      assertThat(fetchq.dropQueue(queue)).isFalse();
    }
  }

  private static QueueInfo info(Fetchq fetchq, String queue) {
    return fetchq.queues().stream().filter(i -> i.name().equals(queue)).findFirst().orElseThrow();
  }
}
