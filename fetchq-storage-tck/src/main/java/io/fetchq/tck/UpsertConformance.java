package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.UpsertResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Upsert: new subjects are inserted; existing tasks that are not ACTIVE are updated (payload,
 * version, priority, due time, attempts back to 0), finished ones brought back to life; ACTIVE
 * tasks are left untouched and reported as skipped; within one request the last duplicate wins.
 */
abstract class UpsertConformance extends StorageConformance {

  protected UpsertResult upsert(String queue, NewTask... tasks) {
    return storage.upsert(new PushRequest(queue, List.of(tasks)));
  }

  @Test
  void upsertInsertsNewSubjectsLikePush() {
    String queue = newQueue(QueueOptions.defaults().currentVersion(2));
    Instant before = dbNow();
    UpsertResult result = upsert(queue, NewTask.of("a").payload("{\"a\":1}"), NewTask.of("b").in(Duration.ofHours(1)));
    Instant after = dbNow();

    assertThat(result.inserted()).containsExactlyInAnyOrder("a", "b");
    assertThat(result.updated()).isEmpty();
    assertThat(result.skipped()).isEmpty();
    Task a = task(queue, "a");
    assertThat(a.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(a.payload()).isEqualTo("{\"a\":1}");
    assertThat(a.version()).isEqualTo(2);
    assertThat(a.attempts()).isZero();
    assertThat(a.iterations()).isZero();
    assertThat(a.lease()).isZero();
    assertInstantBetween("createdAt", a.createdAt(), before, after);
    assertThat(task(queue, "b").status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(stats(queue).pushed()).isEqualTo(2);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void upsertUpdatesAPendingTaskInPlace() {
    String queue = newQueue();
    push(queue, NewTask.of("hero").payload("{\"v\":1}").priority(1).version(1));
    Task before = task(queue, "hero");
    Instant at = dbNow().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

    UpsertResult result = upsert(queue, NewTask.of("hero").payload("{\"v\":2}").priority(5).version(3).at(at));

    assertThat(result.updated()).containsExactly("hero");
    assertThat(result.inserted()).isEmpty();
    assertThat(result.skipped()).isEmpty();
    Task after = task(queue, "hero");
    assertThat(after.payload()).isEqualTo("{\"v\":2}");
    assertThat(after.priority()).isEqualTo(5);
    assertThat(after.version()).isEqualTo(3);
    assertThat(after.status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(after.nextIteration()).isEqualTo(at);
    assertThat(after.createdAt()).as("createdAt is when the task was first pushed").isEqualTo(before.createdAt());
    assertThat(stats(queue).pushed()).as("an update adds no task").isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void upsertOfAPlannedTaskDueNowMakesItPending() {
    String queue = newQueue();
    push(queue, NewTask.of("later").in(Duration.ofHours(3)));

    assertThat(upsert(queue, NewTask.of("later")).updated()).containsExactly("later");

    Task t = task(queue, "later");
    assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(pick(queue, 10)).extracting(Task::subject).containsExactly("later");
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void upsertResetsTheAttemptsOfAFailedTask() {
    String queue = newQueue();
    push(queue, NewTask.of("flaky"));
    Task picked = pickOnly(queue, "flaky");
    settleApplied(queue, Outcome.reject(lease(picked), "boom", null, Duration.ZERO));
    assertThat(task(queue, "flaky").attempts()).isEqualTo(1);

    assertThat(upsert(queue, NewTask.of("flaky").payload("{}")).updated()).containsExactly("flaky");

    Task t = task(queue, "flaky");
    assertThat(t.attempts()).isZero();
    assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(t.payload()).isEqualTo("{}");
    assertCountersAgreeWithRows(queue);
  }

  @ParameterizedTest
  @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "KILLED"})
  void upsertBringsAFinishedTaskBackToLife(TaskStatus finished) {
    String queue = newQueue();
    Map<TaskStatus, Task> tasks = oneTaskInEachStatus(queue);
    String subject = tasks.get(finished).subject();

    UpsertResult result = upsert(queue, NewTask.of(subject).payload("{\"again\":true}"));

    assertThat(result.updated()).containsExactly(subject);
    Task t = task(queue, subject);
    assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(t.payload()).isEqualTo("{\"again\":true}");
    assertThat(t.attempts()).isZero();
    assertThat(pick(queue, 10)).extracting(Task::subject).containsExactlyInAnyOrder("pending", subject);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void upsertLeavesAnActiveTaskUntouchedAndReportsItSkipped() {
    String queue = newQueue();
    push(queue, NewTask.of("busy").payload("{\"v\":1}"));
    pickOnly(queue, "busy");
    Task held = task(queue, "busy");

    UpsertResult result = upsert(queue, NewTask.of("busy").payload("{\"v\":2}").priority(9), NewTask.of("idle"));

    assertThat(result.skipped()).containsExactly("busy");
    assertThat(result.updated()).isEmpty();
    assertThat(result.inserted()).containsExactly("idle");
    assertThat(task(queue, "busy")).isEqualTo(held);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aHolderCanStillSettleAfterItsTaskWasSkippedByUpsert() {
    String queue = newQueue();
    push(queue, NewTask.of("busy"));
    Task held = pickOnly(queue, "busy");
    upsert(queue, NewTask.of("busy").payload("{\"v\":2}"));

    settleApplied(queue, Outcome.complete(lease(held)));

    assertThat(task(queue, "busy").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task(queue, "busy").payload()).isNull();
  }

  @Test
  void duplicateSubjectsInOneUpsertLetTheLastWin() {
    String queue = newQueue();
    push(queue, NewTask.of("old").payload("0"));

    UpsertResult result = upsert(queue,
        NewTask.of("new").payload("1"), NewTask.of("old").payload("1"),
        NewTask.of("new").payload("2"), NewTask.of("old").payload("2"),
        NewTask.of("new").payload("3").priority(3));

    assertThat(result.inserted()).containsExactly("new");
    assertThat(result.updated()).containsExactly("old");
    assertThat(task(queue, "new").payload()).isEqualTo("3");
    assertThat(task(queue, "new").priority()).isEqualTo(3);
    assertThat(task(queue, "old").payload()).isEqualTo("2");
    assertThat(allTasks(queue)).hasSize(2);
    assertThat(stats(queue).pushed()).isEqualTo(2);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void upsertOfAMixedBatchReportsEachSubjectOnce() {
    String queue = newQueue();
    Map<TaskStatus, Task> tasks = oneTaskInEachStatus(queue);

    UpsertResult result = upsert(queue,
        NewTask.of("planned"), NewTask.of("pending"), NewTask.of("active"),
        NewTask.of("completed"), NewTask.of("killed"), NewTask.of("brand-new"));

    assertThat(result.inserted()).containsExactly("brand-new");
    assertThat(result.updated()).containsExactlyInAnyOrder("planned", "pending", "completed", "killed");
    assertThat(result.skipped()).containsExactly("active");
    assertThat(task(queue, "active")).isEqualTo(tasks.get(TaskStatus.ACTIVE));
    var stats = stats(queue);
    assertThat(stats.pending()).isEqualTo(5);
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.pushed()).isEqualTo(6);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void upsertWithoutVersionTakesTheQueuesCurrentVersion() {
    String queue = newQueue(QueueOptions.defaults().currentVersion(6));
    push(queue, NewTask.of("a").version(1));

    upsert(queue, NewTask.of("a"), NewTask.of("b"));

    assertThat(task(queue, "a").version()).isEqualTo(6);
    assertThat(task(queue, "b").version()).isEqualTo(6);
  }

  @Test
  void upsertToAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> upsert("never_created", NewTask.of("x")))
        .isInstanceOf(QueueNotFoundException.class);
  }
}
