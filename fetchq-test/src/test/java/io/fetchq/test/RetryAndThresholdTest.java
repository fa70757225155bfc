package io.fetchq.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.ThresholdPolicy;
import io.fetchq.core.QueueSettings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The failure threshold and the retry policies of the runtime, end to end in manual mode: a retry
 * falls due exactly when its policy says (to the microsecond, on a clock the test moves, where a
 * test on a database could only allow for slack), a task is killed exactly at the threshold, an
 * exception marked fatal kills at once, and any other exception is a reject with its message and
 * stack in the error log.
 */
class RetryAndThresholdTest {

  /** A "profile gone" failure a handler may throw. */
  static final class NotFound extends Exception {
    NotFound(String message) {
      super(message);
    }
  }

  @FunctionalInterface
  interface ThrowingBody {
    Action apply(Task task) throws Exception;
  }

  /** Records the task of every run, then does what {@code body} says. */
  static final class Recording implements Handler {
    final List<Task> runs = new CopyOnWriteArrayList<>();
    private final ThrowingBody body;

    Recording(ThrowingBody body) {
      this.body = body;
    }

    @Override
    public Action handle(Task task, io.fetchq.TaskContext ctx) throws Exception {
      runs.add(task);
      return body.apply(task);
    }
  }

  private static ManualFetchq client(String queue, UnaryOperator<QueueSettings> settings, Handler handler) {
    return ManualFetchq.create(b -> b.queue(queue, settings).worker(queue, handler));
  }

  /** Moves the clock to just before the task's retry (nothing runs), then to it (one run). */
  private static void retryFallsDueAfter(ManualFetchq fetchq, String queue, String subject, Duration delay) {
    Task planned = fetchq.task(queue, subject).orElseThrow();
    assertThat(planned.status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(Duration.between(planned.lastIteration(), planned.nextIteration())).as("the retry's delay").isEqualTo(delay);
    fetchq.advance(delay.minusNanos(1_000));
    assertThat(fetchq.drain(queue)).as("runs a microsecond before the retry is due").isZero();
    fetchq.advance(Duration.ofNanos(1_000));
    assertThat(fetchq.drain(queue)).as("runs when the retry is due").isEqualTo(1);
  }

  @Test
  void aFixedPolicyRetriesAfterItsDelay() {
    Duration delay = Duration.ofMillis(300);
    Recording handler = new Recording(task -> Action.reject("try again"));
    try (ManualFetchq fetchq = client("fixed", q -> q.maxAttempts(4).retry(RetryPolicy.fixed(delay)), handler)) {
      fetchq.queue("fixed").push(NewTask.of("fixed-1"));
      assertThat(fetchq.drain("fixed")).isEqualTo(1);
      for (int retry = 1; retry <= 3; retry++) {
        retryFallsDueAfter(fetchq, "fixed", "fixed-1", delay);
      }
      Task killed = fetchq.task("fixed", "fixed-1").orElseThrow();
      assertThat(killed.status()).isEqualTo(TaskStatus.KILLED);
      assertThat(killed.attempts()).isEqualTo(4);
      assertThat(handler.runs).extracting(Task::attempts).containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void anExponentialPolicyDoublesItsDelayLessAFifthAtMost() {
    Duration base = Duration.ofMillis(200);
    Recording handler = new Recording(task -> Action.reject("try again"));
    try (ManualFetchq fetchq =
        client("exponential", q -> q.maxAttempts(4).retry(RetryPolicy.exponential(base, Duration.ofSeconds(5))), handler)) {
      fetchq.queue("exponential").push(NewTask.of("exp-1"));
      fetchq.drain("exponential");
      for (int retry = 1; retry <= 3; retry++) {
        Task planned = fetchq.task("exponential", "exp-1").orElseThrow();
        Duration delay = Duration.between(planned.lastIteration(), planned.nextIteration());
        Duration nominal = base.multipliedBy(1L << (retry - 1));
        assertThat(delay).as("retry %d", retry).isBetween(nominal.minus(nominal.dividedBy(5)), nominal);
        retryFallsDueAfter(fetchq, "exponential", "exp-1", delay);
      }
      assertThat(fetchq.task("exponential", "exp-1").orElseThrow().status()).isEqualTo(TaskStatus.KILLED);
    }
  }

  @Test
  void aTaskIsKilledExactlyAtTheThreshold() {
    Recording handler = new Recording(task -> Action.reject("profile gone", "{\"status\":404}"));
    try (ManualFetchq fetchq = client("threshold", q -> q.maxAttempts(3).retry(RetryPolicy.immediate()), handler)) {
      fetchq.queue("threshold").push(NewTask.of("vision"));

      assertThat(fetchq.drain("threshold")).as("runs until killed, retried at once").isEqualTo(3);

      Task killed = fetchq.task("threshold", "vision").orElseThrow();
      assertThat(killed.status()).isEqualTo(TaskStatus.KILLED);
      assertThat(handler.runs).extracting(Task::attempts).containsExactly(1, 2, 3);
      assertThat(killed.attempts()).isEqualTo(3);
      assertThat(killed.iterations()).isEqualTo(3);
      List<TaskError> errors = fetchq.errors("threshold");
      assertThat(errors).hasSize(3).allSatisfy(e -> {
        assertThat(e.subject()).isEqualTo("vision");
        assertThat(e.message()).isEqualTo("profile gone");
        assertThat(e.details()).isEqualTo("{\"status\":404}");
      });
      assertThat(errors.stream().sorted(Comparator.comparingLong(TaskError::id)).map(TaskError::attempt))
          .containsExactly(1, 2, 3);
      QueueStats stats = fetchq.stats("threshold");
      assertThat(stats.killed()).isEqualTo(1);
      assertThat(stats.total()).isEqualTo(1);
      assertThat(stats.picked()).isEqualTo(3);
      assertThat(stats.processed()).isEqualTo(3);
      assertThat(stats.rejected()).isEqualTo(3);
      assertThat(stats.errors()).isEqualTo(3);
    }
  }

  @Test
  void anExceptionMarkedFatalKillsAtOnceWithItsClassAndStack() {
    Recording handler = new Recording(task -> {
      throw new NotFound("no page for " + task.subject());
    });
    try (ManualFetchq fetchq = client("fatal",
        q -> q.maxAttempts(5).retry(RetryPolicy.immediate()).threshold(ThresholdPolicy.killOn(NotFound.class)), handler)) {
      fetchq.queue("fatal").push(NewTask.of("ultron"));

      assertThat(fetchq.drain("fatal")).isEqualTo(1);

      Task killed = fetchq.task("fatal", "ultron").orElseThrow();
      assertThat(killed.status()).isEqualTo(TaskStatus.KILLED);
      assertThat(killed.attempts()).isEqualTo(1);
      List<TaskError> errors = fetchq.errors("fatal");
      assertThat(errors).hasSize(1);
      TaskError error = errors.get(0);
      assertThat(error.attempt()).isEqualTo(1);
      assertThat(error.message()).isEqualTo("no page for ultron");
      assertThat(error.details())
          .contains("\"exception\":\"" + NotFound.class.getName() + "\"")
          .contains("\"stack\":\"" + NotFound.class.getName() + ": no page for ultron")
          .contains("at " + RetryAndThresholdTest.class.getName());
      QueueStats stats = fetchq.stats("fatal");
      assertThat(stats.killed()).isEqualTo(1);
      assertThat(stats.rejected()).isZero();
      assertThat(stats.errors()).isEqualTo(1);
    }
  }

  @Test
  void anyOtherExceptionIsARejectWithItsMessage() {
    Recording handler = new Recording(task -> {
      if (task.attempts() == 1) {
        throw new IllegalStateException("backend hiccup");
      }
      return Action.complete();
    });
    Duration delay = Duration.ofMillis(50);
    try (ManualFetchq fetchq = client("flaky",
        q -> q.maxAttempts(5).retry(RetryPolicy.fixed(delay)).threshold(ThresholdPolicy.killOn(NotFound.class)), handler)) {
      fetchq.queue("flaky").push(NewTask.of("hulk"));
      assertThat(fetchq.drain("flaky")).isEqualTo(1);
      retryFallsDueAfter(fetchq, "flaky", "hulk", delay);

      Task done = fetchq.task("flaky", "hulk").orElseThrow();
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(done.attempts()).isZero();
      assertThat(done.iterations()).isEqualTo(2);
      List<TaskError> errors = fetchq.errors("flaky");
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).message()).isEqualTo("backend hiccup");
      assertThat(errors.get(0).details()).contains("\"exception\":\"java.lang.IllegalStateException\"");
      QueueStats stats = fetchq.stats("flaky");
      assertThat(stats.rejected()).isEqualTo(1);
      assertThat(stats.completed()).isEqualTo(1);
      assertThat(stats.processed()).isEqualTo(2);
      assertThat(stats.errors()).isEqualTo(1);
    }
  }
}
