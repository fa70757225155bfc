package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PushResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Push: a new subject is stored PENDING when due and PLANNED when due later, with the queue's
 * version when none is given; an existing subject, whatever its status, is never overwritten and is
 * not reported as added; duplicates within one request are added once; only a drop frees a subject.
 */
abstract class PushConformance extends StorageConformance {

  @Test
  void pushDueNowStoresPendingTaskWithFreshFields() {
    String queue = newQueue();
    Instant before = dbNow();
    PushResult result = push(queue, NewTask.of("iron-man").payload("{\"url\":\"/heroes/iron-man\"}").priority(7));
    Instant after = dbNow();

    assertThat(result.added()).containsExactly("iron-man");
    assertThat(result.count()).isEqualTo(1);
    Task t = task(queue, "iron-man");
    assertThat(t.queue()).isEqualTo(queue);
    assertThat(t.subject()).isEqualTo("iron-man");
    assertThat(t.payload()).isEqualTo("{\"url\":\"/heroes/iron-man\"}");
    assertThat(t.priority()).isEqualTo(7);
    assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(t.attempts()).isZero();
    assertThat(t.iterations()).isZero();
    assertThat(t.lease()).isZero();
    assertThat(t.lastIteration()).isNull();
    assertInstantBetween("createdAt", t.createdAt(), before, after);
    assertInstantBetween("nextIteration of a task due now", t.nextIteration(), before, after);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pushWithDelayStoresPlannedTaskDueAfterTheDelay() {
    String queue = newQueue();
    Instant before = dbNow();
    push(queue, NewTask.of("later").in(Duration.ofHours(2)));
    Instant after = dbNow();

    Task t = task(queue, "later");
    assertThat(t.status()).isEqualTo(TaskStatus.PLANNED);
    assertInstantBetween("nextIteration", t.nextIteration(),
        before.plus(Duration.ofHours(2)), after.plus(Duration.ofHours(2)));
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pushAtFutureInstantStoresPlannedTaskDueExactlyThen() {
    String queue = newQueue();
    Instant at = dbNow().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
    push(queue, NewTask.of("future").at(at));

    Task t = task(queue, "future");
    assertThat(t.status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(t.nextIteration()).isEqualTo(at);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pushAtPastInstantOrZeroDelayStoresPendingTask() {
    String queue = newQueue();
    Instant past = dbNow().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
    push(queue, NewTask.of("past").at(past), NewTask.of("zero").in(Duration.ZERO));

    assertThat(task(queue, "past").status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task(queue, "past").nextIteration()).isEqualTo(past);
    assertThat(task(queue, "zero").status()).isEqualTo(TaskStatus.PENDING);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pushWithoutVersionTakesTheQueuesCurrentVersion() {
    String queue = newQueue(QueueOptions.defaults().currentVersion(4));
    push(queue, NewTask.of("default"), NewTask.of("explicit").version(9), NewTask.of("zero").version(0));

    assertThat(task(queue, "default").version()).isEqualTo(4);
    assertThat(task(queue, "explicit").version()).isEqualTo(9);
    assertThat(task(queue, "zero").version()).isZero();
  }

  @Test
  void pushWithoutPayloadStoresNoPayload() {
    String queue = newQueue();
    push(queue, NewTask.of("bare"));
    assertThat(task(queue, "bare").payload()).isNull();
  }

  @Test
  void pushKeepsExtremePriorities() {
    String queue = newQueue();
    push(queue, NewTask.of("max").priority(Short.MAX_VALUE), NewTask.of("min").priority(Short.MIN_VALUE));
    assertThat(task(queue, "max").priority()).isEqualTo(32767);
    assertThat(task(queue, "min").priority()).isEqualTo(-32768);
  }

  @ParameterizedTest
  @EnumSource(TaskStatus.class)
  void pushingAnExistingSubjectChangesNothingWhateverItsStatus(TaskStatus status) {
    String queue = newQueue();
    Map<TaskStatus, Task> tasks = oneTaskInEachStatus(queue);
    Task before = tasks.get(status);
    long pushedBefore = stats(queue).pushed();

    PushResult result = push(queue, NewTask.of(before.subject()).payload("{\"overwritten\":true}")
        .priority(99).version(3).at(Instant.parse("2001-01-01T00:00:00Z")));

    assertThat(result.added()).isEmpty();
    assertThat(task(queue, before.subject())).isEqualTo(before);
    assertThat(stats(queue).pushed()).isEqualTo(pushedBefore);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pushingExistingSubjectsInABatchAddsOnlyTheNewOnes() {
    String queue = newQueue();
    push(queue, NewTask.of("a").payload("1"), NewTask.of("b").payload("2"));

    PushResult result = push(queue, NewTask.of("b").payload("20"), NewTask.of("c").payload("30"),
        NewTask.of("a").payload("10"), NewTask.of("d").payload("40"));

    assertThat(result.added()).containsExactlyInAnyOrder("c", "d");
    assertThat(allTasks(queue)).extracting(Task::subject, Task::payload)
        .containsExactlyInAnyOrder(
            tuple("a", "1"),
            tuple("b", "2"),
            tuple("c", "30"),
            tuple("d", "40"));
    assertThat(stats(queue).pushed()).isEqualTo(4);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void duplicateSubjectsInOneRequestAreAddedOnceKeepingTheFirst() {
    String queue = newQueue();
    PushResult result = push(queue,
        NewTask.of("x").payload("{\"n\":1}"),
        NewTask.of("y"),
        NewTask.of("x").payload("{\"n\":2}"),
        NewTask.of("x").payload("{\"n\":3}"));

    assertThat(result.added()).containsExactlyInAnyOrder("x", "y");
    assertThat(allTasks(queue)).hasSize(2);
    assertThat(task(queue, "x").payload()).isEqualTo("{\"n\":1}");
    assertThat(stats(queue).pushed()).isEqualTo(2);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void droppingATaskFreesItsSubject() {
    String queue = newQueue();
    push(queue, NewTask.of("hero").payload("{\"v\":1}"));
    Task picked = pickOnly(queue, "hero");
    settleApplied(queue, Outcome.drop(lease(picked)));
    assertThat(find(queue, "hero")).isEmpty();

    PushResult again = push(queue, NewTask.of("hero").payload("{\"v\":2}"));

    assertThat(again.added()).containsExactly("hero");
    Task fresh = task(queue, "hero");
    assertThat(fresh.payload()).isEqualTo("{\"v\":2}");
    assertThat(fresh.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(fresh.attempts()).isZero();
    assertThat(fresh.iterations()).isZero();
    assertThat(fresh.lease()).isZero();
    assertThat(stats(queue).pushed()).isEqualTo(2);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void completedAndKilledSubjectsStayTaken() {
    String queue = newQueue();
    oneTaskInEachStatus(queue);
    assertThat(push(queue, NewTask.of("completed"), NewTask.of("killed")).added()).isEmpty();
    assertThat(task(queue, "completed").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task(queue, "killed").status()).isEqualTo(TaskStatus.KILLED);
  }

  @Test
  void pushCountsAddedTasksOnly() {
    String queue = newQueue();
    push(queue, NewTask.of("a"), NewTask.of("b"), NewTask.of("c"));
    push(queue, NewTask.of("a"), NewTask.of("b"));
    push(queue, NewTask.of("d").in(Duration.ofMinutes(1)));

    var stats = stats(queue);
    assertThat(stats.pushed()).isEqualTo(4);
    assertThat(stats.pending()).isEqualTo(3);
    assertThat(stats.planned()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pushOfTheLargestBatchInOneCallAddsEveryTask() {
    String queue = newQueue();
    List<NewTask> batch = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      batch.add(NewTask.of("bulk-" + i).payload("{\"i\":" + i + "}").priority(i % 7));
    }

    PushResult result = push(queue, batch);

    assertThat(result.count()).isEqualTo(50_000);
    assertThat(result.added()).doesNotHaveDuplicates();
    assertThat(stats(queue).pushed()).isEqualTo(50_000);
    assertThat(stats(queue).pending()).isEqualTo(50_000);
    assertThat(task(queue, "bulk-49999").payload()).isEqualTo("{\"i\":49999}");
    assertThat(task(queue, "bulk-49999").priority()).isEqualTo(49999 % 7);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void sameSubjectInTwoQueuesIsTwoTasks() {
    String first = newQueue();
    String second = newQueue();
    assertThat(push(first, NewTask.of("shared").payload("1")).added()).containsExactly("shared");
    assertThat(push(second, NewTask.of("shared").payload("2")).added()).containsExactly("shared");

    assertThat(task(first, "shared").payload()).isEqualTo("1");
    assertThat(task(second, "shared").payload()).isEqualTo("2");
    assertThat(task(second, "shared").queue()).isEqualTo(second);
  }

  @Test
  void pushToAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> push("never_created", NewTask.of("x")))
        .isInstanceOf(QueueNotFoundException.class)
        .satisfies(e -> assertThat(((QueueNotFoundException) e).queue()).isEqualTo("never_created"));
  }
}
