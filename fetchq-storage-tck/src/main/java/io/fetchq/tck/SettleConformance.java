package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.SettleResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Settle: each outcome kind moves a held task to the state the contract names (COMPLETE, RESCHEDULE,
 * REJECT with the threshold, KILL, DROP, RELEASE) with the right attempts, iterations, times,
 * payload, error log entries and counters; a batch reports how many applied and which leases were
 * stale.
 */
abstract class SettleConformance extends StorageConformance {

  private Task pushAndPick(String queue, String subject) {
    push(queue, NewTask.of(subject).payload("{\"original\":true}"));
    return pickOnly(queue, subject);
  }

  @Test
  void completeEndsTheTask() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "done");

    Instant before = dbNow();
    settleApplied(queue, Outcome.complete(lease(held)));
    Instant after = dbNow();

    Task t = task(queue, "done");
    assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(t.attempts()).isZero();
    assertThat(t.iterations()).isEqualTo(1);
    assertThat(t.payload()).isEqualTo("{\"original\":true}");
    assertInstantBetween("lastIteration", t.lastIteration(), before, after);
    QueueStats stats = stats(queue);
    assertThat(stats.completed()).isEqualTo(1);
    assertThat(stats.processed()).isEqualTo(1);
    assertThat(stats.errors()).isZero();
    assertThat(errors(queue)).isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void completeWithPayloadReplacesIt() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "done");

    settleApplied(queue, Outcome.complete(lease(held), "{\"result\": [1, 2]}"));

    assertThat(task(queue, "done").payload()).isEqualTo("{\"result\": [1, 2]}");
  }

  @Test
  void rescheduleWithDelayPlansTheNextRun() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "again");

    Instant before = dbNow();
    settleApplied(queue, Outcome.reschedule(lease(held), Duration.ofDays(2)).withPayload("{\"page\":2}"));
    Instant after = dbNow();

    Task t = task(queue, "again");
    assertThat(t.status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(t.attempts()).isZero();
    assertThat(t.iterations()).isEqualTo(1);
    assertThat(t.payload()).isEqualTo("{\"page\":2}");
    assertInstantBetween("nextIteration", t.nextIteration(), before.plus(Duration.ofDays(2)), after.plus(Duration.ofDays(2)));
    assertInstantBetween("lastIteration", t.lastIteration(), before, after);
    QueueStats stats = stats(queue);
    assertThat(stats.rescheduled()).isEqualTo(1);
    assertThat(stats.processed()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void rescheduleAtAnInstantPlansTheRunExactlyThen() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "again");
    Instant at = dbNow().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.MILLIS);

    settleApplied(queue, Outcome.reschedule(lease(held), at));

    Task t = task(queue, "again");
    assertThat(t.status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(t.nextIteration()).isEqualTo(at);
    assertThat(t.payload()).isEqualTo("{\"original\":true}");
  }

  @Test
  void rescheduleDueNowMakesThePendingTaskPickableAtOnce() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "again");

    settleApplied(queue, Outcome.reschedule(lease(held), Duration.ZERO));

    assertThat(task(queue, "again").status()).isEqualTo(TaskStatus.PENDING);
    Task next = pickOnly(queue, "again");
    assertThat(next.attempts()).isEqualTo(1);
    assertThat(next.iterations()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void rescheduleInThePastMakesThePendingTask() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "again");

    settleApplied(queue, Outcome.reschedule(lease(held), Instant.parse("2020-01-01T00:00:00Z")));

    assertThat(task(queue, "again").status()).isEqualTo(TaskStatus.PENDING);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void rescheduleClearsTheAttemptsOfAFailedTask() {
    String queue = newQueue();
    Task first = pushAndPick(queue, "t");
    settleApplied(queue, Outcome.reject(lease(first), "first failure", null, Duration.ZERO));
    Task second = pickOnly(queue, "t");
    assertThat(second.attempts()).isEqualTo(2);

    settleApplied(queue, Outcome.reschedule(lease(second), Duration.ZERO));

    assertThat(task(queue, "t").attempts()).isZero();
    assertThat(task(queue, "t").iterations()).isEqualTo(2);
  }

  @Test
  void rejectBelowTheThresholdLogsTheErrorAndRetriesLater() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    Task held = pushAndPick(queue, "flaky");

    Instant before = dbNow();
    settleApplied(queue, Outcome.reject(lease(held), "HTTP 503", "{\"status\":503}", Duration.ofMinutes(10)));
    Instant after = dbNow();

    Task t = task(queue, "flaky");
    assertThat(t.status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(t.attempts()).as("a reject keeps the attempt").isEqualTo(1);
    assertThat(t.iterations()).isEqualTo(1);
    assertThat(t.payload()).isEqualTo("{\"original\":true}");
    assertInstantBetween("nextIteration", t.nextIteration(), before.plus(Duration.ofMinutes(10)), after.plus(Duration.ofMinutes(10)));
    List<TaskError> log = errors(queue);
    assertThat(log).hasSize(1);
    TaskError e = log.get(0);
    assertThat(e.queue()).isEqualTo(queue);
    assertThat(e.subject()).isEqualTo("flaky");
    assertThat(e.message()).isEqualTo("HTTP 503");
    assertThat(e.details()).isEqualTo("{\"status\":503}");
    assertThat(e.attempt()).isEqualTo(1);
    assertInstantBetween("error createdAt", e.createdAt(), before, after);
    QueueStats stats = stats(queue);
    assertThat(stats.rejected()).isEqualTo(1);
    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.processed()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void rejectWithoutDelayMakesThePendingTask() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    Task held = pushAndPick(queue, "flaky");

    settleApplied(queue, Outcome.reject(lease(held), "oops", null, Duration.ZERO));

    assertThat(task(queue, "flaky").status()).isEqualTo(TaskStatus.PENDING);
    assertThat(pickOnly(queue, "flaky").attempts()).isEqualTo(2);
  }

  @Test
  void rejectAtTheThresholdKillsTheTask() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    push(queue, NewTask.of("gone"));
    for (int attempt = 1; attempt <= 3; attempt++) {
      Task held = pickOnly(queue, "gone");
      assertThat(held.attempts()).isEqualTo(attempt);
      settleApplied(queue, Outcome.reject(lease(held), "404 attempt " + attempt, null, Duration.ZERO));
      assertThat(task(queue, "gone").status()).isEqualTo(attempt < 3 ? TaskStatus.PENDING : TaskStatus.KILLED);
    }

    Task t = task(queue, "gone");
    assertThat(t.attempts()).isEqualTo(3);
    assertThat(t.iterations()).isEqualTo(3);
    assertThat(pick(queue, 10)).isEmpty();
    assertThat(errors(queue)).extracting(TaskError::message, TaskError::attempt).containsExactly(
        tuple("404 attempt 3", 3),
        tuple("404 attempt 2", 2),
        tuple("404 attempt 1", 1));
    QueueStats stats = stats(queue);
    assertThat(stats.killed()).isEqualTo(1);
    assertThat(stats.rejected()).isEqualTo(3);
    assertThat(stats.errors()).isEqualTo(3);
    assertThat(stats.processed()).isEqualTo(3);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void rejectWithASingleAttemptAllowedKillsAtOnce() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(1));
    Task held = pushAndPick(queue, "fragile");

    settleApplied(queue, Outcome.reject(lease(held), "no", null, Duration.ZERO));

    assertThat(task(queue, "fragile").status()).isEqualTo(TaskStatus.KILLED);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void killEndsTheTaskWithoutALogEntry() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "doomed");

    settleApplied(queue, Outcome.kill(lease(held)));

    Task t = task(queue, "doomed");
    assertThat(t.status()).isEqualTo(TaskStatus.KILLED);
    assertThat(t.iterations()).isEqualTo(1);
    assertThat(errors(queue)).isEmpty();
    QueueStats stats = stats(queue);
    assertThat(stats.killed()).isEqualTo(1);
    assertThat(stats.processed()).isEqualTo(1);
    assertThat(stats.errors()).isZero();
    assertThat(stats.rejected()).isZero();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void killWithAMessageLogsIt() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "doomed");

    settleApplied(queue, Outcome.kill(lease(held), "banned", "{\"by\":\"admin\"}"));

    assertThat(task(queue, "doomed").status()).isEqualTo(TaskStatus.KILLED);
    assertThat(errors(queue)).singleElement().satisfies(e -> {
      assertThat(e.subject()).isEqualTo("doomed");
      assertThat(e.message()).isEqualTo("banned");
      assertThat(e.details()).isEqualTo("{\"by\":\"admin\"}");
      assertThat(e.attempt()).isEqualTo(1);
    });
    assertThat(stats(queue).errors()).isEqualTo(1);
  }

  @Test
  void dropDeletesTheTask() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "temp");
    push(queue, NewTask.of("stays"));

    settleApplied(queue, Outcome.drop(lease(held)));

    assertThat(find(queue, "temp")).isEmpty();
    assertThat(allTasks(queue)).extracting(Task::subject).containsExactly("stays");
    QueueStats stats = stats(queue);
    assertThat(stats.processed()).isEqualTo(1);
    assertThat(stats.total()).isEqualTo(1);
    assertThat(stats.active()).isZero();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void releaseGivesTheTaskBackAsIfNeverPicked() {
    String queue = newQueue();
    Task held = pushAndPick(queue, "back");

    settleApplied(queue, Outcome.release(lease(held)));
    Instant after = dbNow();

    Task t = task(queue, "back");
    assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(t.attempts()).isZero();
    assertThat(t.iterations()).isZero();
    assertThat(t.payload()).isEqualTo("{\"original\":true}");
    assertThat(t.nextIteration()).as("a released task is due at once").isBeforeOrEqualTo(after.plus(CLOCK_SLACK));
    assertThat(pickOnly(queue, "back").attempts()).isEqualTo(1);
    QueueStats stats = stats(queue);
    assertThat(stats.processed()).as("a release is not a processed run").isZero();
    assertThat(stats.errors()).isZero();
    assertThat(errors(queue)).isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void releaseOfARetriedTaskGivesBackOnlyThisAttempt() {
    String queue = newQueue();
    Task first = pushAndPick(queue, "t");
    settleApplied(queue, Outcome.reject(lease(first), "fail", null, Duration.ZERO));
    Task second = pickOnly(queue, "t");

    settleApplied(queue, Outcome.release(lease(second)));

    assertThat(task(queue, "t").attempts()).isEqualTo(1);
    assertThat(task(queue, "t").iterations()).isEqualTo(1);
  }

  @Test
  void aBatchOfMixedOutcomesAppliesEachInOneCall() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(5));
    push(queue, NewTask.of("c"), NewTask.of("r"), NewTask.of("j"), NewTask.of("k"), NewTask.of("d"), NewTask.of("l"));
    List<Task> held = pick(queue, 6);
    assertThat(held).hasSize(6);
    Lease c = leaseOf(held, "c");
    Lease r = leaseOf(held, "r");
    Lease j = leaseOf(held, "j");
    Lease k = leaseOf(held, "k");
    Lease d = leaseOf(held, "d");
    Lease l = leaseOf(held, "l");

    SettleResult result = settle(queue,
        Outcome.complete(c), Outcome.reschedule(r, Duration.ofHours(1)),
        Outcome.reject(j, "bad", null, Duration.ofHours(1)), Outcome.kill(k),
        Outcome.drop(d), Outcome.release(l));

    assertThat(result.applied()).isEqualTo(6);
    assertThat(result.stale()).isEmpty();
    assertThat(task(queue, "c").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task(queue, "r").status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(task(queue, "j").status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(task(queue, "k").status()).isEqualTo(TaskStatus.KILLED);
    assertThat(find(queue, "d")).isEmpty();
    assertThat(task(queue, "l").status()).isEqualTo(TaskStatus.PENDING);
    QueueStats stats = stats(queue);
    assertThat(stats.processed()).isEqualTo(5);
    assertThat(stats.rescheduled()).isEqualTo(1);
    assertThat(stats.rejected()).isEqualTo(1);
    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.picked()).isEqualTo(6);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void staleLeasesAreListedAndChangeNothingWhileTheOthersApply() {
    String queue = newQueue();
    push(queue, NewTask.of("a").priority(1), NewTask.of("b").priority(1), NewTask.of("never-picked"));
    List<Task> held = pick(queue, 2);
    Lease a = leaseOf(held, "a");
    Lease b = leaseOf(held, "b");
    Task untouched = task(queue, "never-picked");
    Lease wrongToken = new Lease("b", b.token() + 1_000_000);
    Lease unknownSubject = new Lease("ghost", a.token());
    Lease notPicked = new Lease("never-picked", a.token());

    SettleResult result = settle(queue,
        Outcome.complete(a), Outcome.complete(unknownSubject), Outcome.kill(notPicked));
    SettleResult wrong = settle(queue, Outcome.complete(wrongToken));

    assertThat(result.applied()).isEqualTo(1);
    assertThat(result.stale()).containsExactlyInAnyOrder(unknownSubject, notPicked);
    assertThat(wrong.applied()).isZero();
    assertThat(wrong.stale()).containsExactly(wrongToken);
    assertThat(task(queue, "a").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task(queue, "b").status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(task(queue, "never-picked")).isEqualTo(untouched);
    assertThat(find(queue, "ghost")).isEmpty();
    assertThat(stats(queue).processed()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aLeaseOfAnotherQueueIsStale() {
    String mine = newQueue();
    String other = newQueue();
    push(mine, NewTask.of("same"));
    push(other, NewTask.of("same"));
    Task heldInOther = pickOnly(other, "same");
    pickOnly(mine, "same");

    SettleResult result = settle(mine, Outcome.complete(lease(heldInOther)));

    // the token belongs to the run in the other queue; it must not settle this queue's run
    if (task(mine, "same").lease() != heldInOther.lease()) {
      assertThat(result.applied()).isZero();
      assertThat(task(mine, "same").status()).isEqualTo(TaskStatus.ACTIVE);
    }
    assertThat(task(other, "same").status()).isEqualTo(TaskStatus.ACTIVE);
  }

  @Test
  void settleOnAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> settle("never_created", Outcome.complete(new Lease("x", 1))))
        .isInstanceOf(QueueNotFoundException.class);
  }

  private static Lease leaseOf(List<Task> held, String subject) {
    return held.stream().filter(t -> t.subject().equals(subject)).map(Lease::of).findFirst()
        .orElseThrow(() -> new AssertionError(subject + " was not picked"));
  }
}
