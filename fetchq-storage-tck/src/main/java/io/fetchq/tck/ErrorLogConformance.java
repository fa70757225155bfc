package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Error log: entries come back newest first (ids growing with time), filtered by subject and cut at
 * the limit, with message and details exactly as written, details optional, and the attempt the run
 * was; each queue sees only its own entries.
 */
abstract class ErrorLogConformance extends StorageConformance {

  /**
   * Rejects one run of {@code subject} (pushing it first when needed) and returns its attempt; other
   * due tasks picked on the way are released untouched.
   */
  private int fail(String queue, String subject, String message, String details) {
    push(queue, NewTask.of(subject));
    List<Outcome> outcomes = new ArrayList<>();
    int attempt = 0;
    for (Task held : pick(queue, 1000)) {
      if (held.subject().equals(subject)) {
        outcomes.add(Outcome.reject(Lease.of(held), message, details, Duration.ZERO));
        attempt = held.attempts();
      } else {
        outcomes.add(Outcome.release(Lease.of(held)));
      }
    }
    assertThat(attempt).as("%s was picked", subject).isPositive();
    assertThat(settle(queue, outcomes).applied()).isEqualTo(outcomes.size());
    return attempt;
  }

  @Test
  void entriesComeBackNewestFirst() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(100));
    for (int i = 0; i < 6; i++) {
      fail(queue, i % 2 == 0 ? "even" : "odd", "failure " + i, null);
    }

    List<TaskError> log = errors(queue);

    assertThat(log).extracting(TaskError::message).containsExactly(
        "failure 5", "failure 4", "failure 3", "failure 2", "failure 1", "failure 0");
    assertThat(log).isSortedAccordingTo(Comparator.comparingLong(TaskError::id).reversed());
    assertThat(log).extracting(TaskError::id).doesNotHaveDuplicates();
    for (int i = 1; i < log.size(); i++) {
      assertThat(log.get(i).createdAt()).isBeforeOrEqualTo(log.get(i - 1).createdAt());
    }
    assertThat(log).extracting(TaskError::queue).containsOnly(queue);
  }

  @Test
  void theLimitKeepsTheNewest() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(100));
    for (int i = 0; i < 5; i++) {
      fail(queue, "t", "failure " + i, null);
    }

    assertThat(storage.errors(ErrorQuery.of(queue, 2))).extracting(TaskError::message)
        .containsExactly("failure 4", "failure 3");
    assertThat(storage.errors(ErrorQuery.of(queue, 1))).extracting(TaskError::message)
        .containsExactly("failure 4");
  }

  @Test
  void theSubjectFilterReturnsOnlyThatTasksEntries() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(100));
    fail(queue, "a", "a1", null);
    fail(queue, "b", "b1", null);
    fail(queue, "a", "a2", null);
    fail(queue, "ab", "ab1", null);

    assertThat(storage.errors(new ErrorQuery(queue, "a", 100))).extracting(TaskError::message).containsExactly("a2", "a1");
    assertThat(storage.errors(new ErrorQuery(queue, "a", 1))).extracting(TaskError::message).containsExactly("a2");
    assertThat(storage.errors(new ErrorQuery(queue, "b", 100))).extracting(TaskError::subject).containsExactly("b");
    assertThat(storage.errors(new ErrorQuery(queue, "nobody", 100))).isEmpty();
  }

  @Test
  void messageAndDetailsComeBackByteForByte() {
    String queue = newQueue();
    String message = "Timeout after 30 s: 'quoted' \"double\" ; \\ back \u00e9\u4e2d\u6587 \ud83d\ude00 \u05e2\u05d1\u05e8\u05d9\u05ea";
    String details = "{ \"z\" : 1 ,\n  \"a\":[true,false,null, 1.50, -0, 2E+3],\t\"nested\":{\"k\":\"v\\\"\\u00e9\"} }";

    fail(queue, "t", message, details);

    TaskError e = errors(queue).get(0);
    assertThat(e.message()).isEqualTo(message);
    assertThat(e.details()).isEqualTo(details);
  }

  @Test
  void detailsMayBeAbsent() {
    String queue = newQueue();
    fail(queue, "t", "no details", null);

    assertThat(errors(queue).get(0).details()).isNull();
  }

  @Test
  void theLongestMessageIsKeptWhole() {
    String queue = newQueue();
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 8192) {
      sb.append((char) ('a' + sb.length() % 26));
    }
    String message = sb.toString();

    fail(queue, "t", message, null);

    assertThat(errors(queue).get(0).message()).isEqualTo(message);
  }

  @Test
  void aStackTraceInDetailsIsKeptWhole() {
    String queue = newQueue();
    StringBuilder frames = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      frames.append(i == 0 ? "" : ",").append("\"at io.fetchq.Handler.handle(Handler.java:").append(i).append(")\"");
    }
    String details = "{\"class\":\"java.io.IOException\",\"stack\":[" + frames + "]}";

    fail(queue, "t", "java.io.IOException: gone", details);

    assertThat(errors(queue).get(0).details()).isEqualTo(details);
  }

  @Test
  void eachEntryRecordsTheAttemptOfTheFailedRun() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(10));
    assertThat(fail(queue, "t", "one", null)).isEqualTo(1);
    assertThat(fail(queue, "t", "two", null)).isEqualTo(2);
    assertThat(fail(queue, "t", "three", null)).isEqualTo(3);

    assertThat(errors(queue)).extracting(TaskError::attempt).containsExactly(3, 2, 1);
    assertThat(stats(queue).errors()).isEqualTo(3);
  }

  @Test
  void entriesOutliveADroppedTask() {
    String queue = newQueue();
    fail(queue, "t", "failed once", null);
    settleApplied(queue, Outcome.drop(Lease.of(pickOnly(queue, "t"))));

    assertThat(errors(queue)).extracting(TaskError::message).containsExactly("failed once");
  }

  @Test
  void eachQueueSeesOnlyItsOwnEntries() {
    String first = newQueue();
    String second = newQueue();
    fail(first, "same", "in first", null);
    fail(second, "same", "in second", null);

    assertThat(errors(first)).extracting(TaskError::message).containsExactly("in first");
    assertThat(storage.errors(new ErrorQuery(second, "same", 10))).extracting(TaskError::message, TaskError::queue)
        .containsExactly(tuple("in second", second));
  }

  @Test
  void aNewQueueHasAnEmptyLog() {
    assertThat(errors(newQueue())).isEmpty();
  }

  @Test
  void errorsOfAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> storage.errors(ErrorQuery.of("never_created", 10)))
        .isInstanceOf(QueueNotFoundException.class);
  }
}
