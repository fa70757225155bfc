package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.ThresholdPolicy;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure threshold and the retry policies, end to end: retries come no sooner than the policy
 * says (and not much later, given the maintenance interval), a task is killed exactly at the
 * threshold, an exception marked fatal kills at once, and any other exception is a reject with its
 * message and stack in the error log.
 */
class RetryAndThresholdTest {
  private static final Logger LOG = LoggerFactory.getLogger(RetryAndThresholdTest.class);
  private static final TestFetchq db = new TestFetchq("retry_threshold");
  private static final Duration LOCK = Duration.ofSeconds(30);
  /** What may come on top of a retry delay: maintenance every 50 ms, settling, picking, a slow machine. */
  private static final Duration SLACK = Duration.ofMillis(600);

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  /** A "profile gone" failure a handler may throw. */
  static final class NotFound extends Exception {
    NotFound(String message) {
      super(message);
    }
  }

  /** A run as its handler saw it: when it started (JVM clock) and the task it was given. */
  record Run(long startedNanos, Task task) {}

  /** Records every run, then does what {@code body} says. */
  static final class Recording implements Handler {
    final List<Run> runs = new CopyOnWriteArrayList<>();
    private final ThrowingBody body;

    Recording(ThrowingBody body) {
      this.body = body;
    }

    @Override
    public Action handle(Task task, io.fetchq.TaskContext ctx) throws Exception {
      runs.add(new Run(System.nanoTime(), task));
      return body.apply(task);
    }
  }

  @FunctionalInterface
  interface ThrowingBody {
    Action apply(Task task) throws Exception;
  }

  private static Fetchq client(String queue, UnaryOperator<QueueSettings> settings, Handler handler) {
    Fetchq fetchq =
        Fetchq.builder()
            .config(db.config())
            .queue(queue, q -> settings.apply(q.lock(LOCK)))
            .worker(queue, handler, w -> w.concurrency(2).batch(5))
            .build();
    fetchq.start();
    return fetchq;
  }

  private static Task awaitStatus(Fetchq fetchq, String queue, String subject, TaskStatus status) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fetchq.queue(queue).get(subject).map(Task::status).orElse(null) == status);
    return fetchq.queue(queue).get(subject).orElseThrow();
  }

  /**
   * Checks each retry against the policy on both clocks: on the database's, the pick that started
   * the retry (its lock's expiry minus the lock) came at least {@code minDelay[i]} after the failed
   * run was settled; on the JVM's, the handler started at least that long after the previous one,
   * and at most {@code maxDelay[i]} plus the slack.
   */
  private static void assertRetryGaps(List<Run> runs, Duration[] minDelay, Duration[] maxDelay) {
    assertThat(runs).hasSize(minDelay.length + 1);
    for (int i = 1; i < runs.size(); i++) {
      Task retry = runs.get(i).task();
      assertThat(retry.attempts()).isEqualTo(i + 1);
      Duration waitedInDatabase = Duration.between(retry.lastIteration(), retry.nextIteration().minus(LOCK));
      assertThat(waitedInDatabase).as("retry %d, database clock", i).isGreaterThanOrEqualTo(minDelay[i - 1]);
      Duration gap = Duration.ofNanos(runs.get(i).startedNanos() - runs.get(i - 1).startedNanos());
      LOG.info("retry {} of {}: waited {} ms in the database, {} ms between handler starts (policy at least {} ms)",
          i, retry.subject(), waitedInDatabase.toMillis(), gap.toMillis(), minDelay[i - 1].toMillis());
      assertThat(gap)
          .as("retry %d, JVM clock", i)
          .isGreaterThanOrEqualTo(minDelay[i - 1])
          .isLessThanOrEqualTo(maxDelay[i - 1].plus(SLACK));
    }
  }

  @Test
  void aFixedPolicyRetriesAfterItsDelay() {
    String queue = "fixed";
    Duration delay = Duration.ofMillis(300);
    Recording handler = new Recording(task -> Action.reject("try again"));
    try (Fetchq fetchq = client(queue, q -> q.maxAttempts(4).retry(RetryPolicy.fixed(delay)), handler)) {
      fetchq.queue(queue).push(NewTask.of("fixed-1"));
      Task killed = awaitStatus(fetchq, queue, "fixed-1", TaskStatus.KILLED);
      assertThat(killed.attempts()).isEqualTo(4);
      assertRetryGaps(handler.runs, new Duration[] {delay, delay, delay}, new Duration[] {delay, delay, delay});
    }
  }

  @Test
  void anExponentialPolicyDoublesItsDelay() {
    String queue = "exponential";
    Duration base = Duration.ofMillis(200);
    Recording handler = new Recording(task -> Action.reject("try again"));
    try (Fetchq fetchq =
        client(queue, q -> q.maxAttempts(4).retry(RetryPolicy.exponential(base, Duration.ofSeconds(5))), handler)) {
      fetchq.queue(queue).push(NewTask.of("exp-1"));
      awaitStatus(fetchq, queue, "exp-1", TaskStatus.KILLED);
      // nominal 200, 400 and 800 ms, each with up to a fifth taken off at random
      assertRetryGaps(
          handler.runs,
          new Duration[] {Duration.ofMillis(160), Duration.ofMillis(320), Duration.ofMillis(640)},
          new Duration[] {Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800)});
    }
  }

  @Test
  void aTaskIsKilledExactlyAtTheThreshold() {
    String queue = "threshold";
    Recording handler = new Recording(task -> Action.reject("profile gone", "{\"status\":404}"));
    try (Fetchq fetchq = client(queue, q -> q.maxAttempts(3).retry(RetryPolicy.immediate()), handler);
        QueueRows rows = new QueueRows(db.config())) {
      fetchq.queue(queue).push(NewTask.of("vision"));
      Task killed = awaitStatus(fetchq, queue, "vision", TaskStatus.KILLED);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> handler.runs.size() == 3);

      assertThat(handler.runs).extracting(r -> r.task().attempts()).containsExactly(1, 2, 3);
      assertThat(killed.attempts()).isEqualTo(3);
      assertThat(killed.iterations()).isEqualTo(3);
      List<TaskError> errors = fetchq.queue(queue).errors(10);
      assertThat(errors).hasSize(3).allSatisfy(e -> {
        assertThat(e.subject()).isEqualTo("vision");
        assertThat(e.message()).isEqualTo("profile gone");
        assertThat(e.details()).isEqualTo("{\"status\":404}");
      });
      assertThat(errors.stream().sorted(Comparator.comparingLong(TaskError::id)).map(TaskError::attempt))
          .containsExactly(1, 2, 3);
      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.killed()).isEqualTo(1);
      assertThat(stats.picked()).isEqualTo(3);
      assertThat(stats.processed()).isEqualTo(3);
      assertThat(stats.rejected()).isEqualTo(3);
      assertThat(stats.errors()).isEqualTo(3);
    }
  }

  @Test
  void anExceptionMarkedFatalKillsAtOnceWithItsClassAndStack() {
    String queue = "fatal";
    Recording handler = new Recording(task -> {
      throw new NotFound("no page for " + task.subject());
    });
    try (Fetchq fetchq =
            client(queue, q -> q.maxAttempts(5).retry(RetryPolicy.immediate()).threshold(ThresholdPolicy.killOn(NotFound.class)),
                handler);
        QueueRows rows = new QueueRows(db.config())) {
      fetchq.queue(queue).push(NewTask.of("ultron"));
      Task killed = awaitStatus(fetchq, queue, "ultron", TaskStatus.KILLED);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> handler.runs.size() == 1);

      assertThat(killed.attempts()).isEqualTo(1);
      assertThat(killed.iterations()).isEqualTo(1);
      List<TaskError> errors = fetchq.queue(queue).errors(10);
      assertThat(errors).hasSize(1);
      TaskError error = errors.get(0);
      assertThat(error.subject()).isEqualTo("ultron");
      assertThat(error.attempt()).isEqualTo(1);
      assertThat(error.message()).isEqualTo("no page for ultron");
      assertThat(error.details())
          .contains("\"exception\":\"" + NotFound.class.getName() + "\"")
          .contains("\"message\":\"no page for ultron\"")
          .contains("\"stack\":\"" + NotFound.class.getName() + ": no page for ultron")
          .contains("at " + RetryAndThresholdTest.class.getName());
      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.killed()).isEqualTo(1);
      assertThat(stats.rejected()).isZero();
      assertThat(stats.processed()).isEqualTo(1);
      assertThat(stats.errors()).isEqualTo(1);
    }
  }

  @Test
  void anyOtherExceptionIsARejectWithItsMessage() {
    String queue = "flaky";
    Recording handler = new Recording(task -> {
      if (task.attempts() == 1) {
        throw new IllegalStateException("backend hiccup");
      }
      return Action.complete();
    });
    try (Fetchq fetchq =
            client(queue, q -> q.maxAttempts(5).retry(RetryPolicy.fixed(Duration.ofMillis(50)))
                .threshold(ThresholdPolicy.killOn(NotFound.class)), handler);
        QueueRows rows = new QueueRows(db.config())) {
      fetchq.queue(queue).push(NewTask.of("hulk"));
      Task done = awaitStatus(fetchq, queue, "hulk", TaskStatus.COMPLETED);

      assertThat(handler.runs).hasSize(2);
      assertThat(done.attempts()).isZero();
      assertThat(done.iterations()).isEqualTo(2);
      List<TaskError> errors = fetchq.queue(queue).errors(10);
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).message()).isEqualTo("backend hiccup");
      assertThat(errors.get(0).attempt()).isEqualTo(1);
      assertThat(errors.get(0).details())
          .contains("\"exception\":\"java.lang.IllegalStateException\"")
          .contains("at " + RetryAndThresholdTest.class.getName());
      QueueStats stats = rows.assertCountersAgreeWithRows(queue);
      assertThat(stats.rejected()).isEqualTo(1);
      assertThat(stats.killed()).isZero();
      assertThat(stats.completed()).isEqualTo(1);
      assertThat(stats.processed()).isEqualTo(2);
      assertThat(stats.errors()).isEqualTo(1);
    }
  }
}
