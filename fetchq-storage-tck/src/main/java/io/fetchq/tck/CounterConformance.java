package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest.Job;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.SettleResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Counters: after a scripted sequence of every operation, {@code stats} reports exact status counts
 * (equal to the rows) and exact flow counters: pushed, picked, processed, rescheduled, rejected,
 * orphaned and errors, each counting what its javadoc says and nothing else.
 */
abstract class CounterConformance extends StorageConformance {

  private static QueueStats expected(String queue, long planned, long pending, long active, long completed,
      long killed, long pushed, long picked, long processed, long rescheduled, long rejected, long orphaned,
      long errors) {
    return new QueueStats(queue, planned, pending, active, completed, killed, pushed, picked, processed,
        rescheduled, rejected, orphaned, errors);
  }

  @Test
  void aNewQueueCountsNothing() {
    String queue = newQueue();
    assertThat(stats(queue)).isEqualTo(expected(queue, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void aScriptedSequenceGivesExactCounters() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(2));

    push(queue, NewTask.of("a"), NewTask.of("b"), NewTask.of("c"), NewTask.of("d"), NewTask.of("e"),
        NewTask.of("f"), NewTask.of("p").in(Duration.ofHours(1)));
    push(queue, NewTask.of("a"), NewTask.of("b"));
    assertThat(stats(queue)).as("after push").isEqualTo(expected(queue, 1, 6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0));
    assertCountersAgreeWithRows(queue);

    storage.upsert(new PushRequest(queue, List.of(NewTask.of("g"), NewTask.of("a").payload("{}"))));
    assertThat(stats(queue)).as("after upsert").isEqualTo(expected(queue, 1, 7, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0));

    Map<String, Task> held = pick(queue, 10).stream().collect(Collectors.toMap(Task::subject, Function.identity()));
    assertThat(held).containsOnlyKeys("a", "b", "c", "d", "e", "f", "g");
    assertThat(stats(queue)).as("after pick").isEqualTo(expected(queue, 1, 0, 7, 0, 0, 8, 7, 0, 0, 0, 0, 0));
    assertCountersAgreeWithRows(queue);

    SettleResult settled = settle(queue,
        Outcome.complete(Lease.of(held.get("a"))),
        Outcome.reschedule(Lease.of(held.get("b")), Duration.ofHours(1)),
        Outcome.reject(Lease.of(held.get("c")), "retry me", null, Duration.ZERO),
        Outcome.kill(Lease.of(held.get("d")), "stop", null),
        Outcome.drop(Lease.of(held.get("e"))),
        Outcome.release(Lease.of(held.get("f"))),
        Outcome.kill(Lease.of(held.get("g"))));
    assertThat(settled.applied()).isEqualTo(7);
    // planned: b p; pending: c f; completed: a; killed: d g; e is gone
    assertThat(stats(queue)).as("after settle").isEqualTo(expected(queue, 2, 2, 0, 1, 2, 8, 7, 6, 1, 1, 0, 2));
    assertCountersAgreeWithRows(queue);

    List<Task> lost = pick(queue, 10, SHORT_LOCK);
    assertThat(lost).extracting(Task::subject, Task::attempts).containsExactlyInAnyOrder(
        tuple("c", 2), tuple("f", 1));
    assertThat(stats(queue)).as("after second pick").isEqualTo(expected(queue, 2, 0, 2, 1, 2, 8, 9, 6, 1, 1, 0, 2));
    awaitLockExpiry(lost);
    assertThat(maintain(queue, Job.RECOVER_ORPHANS)).isEqualTo(new MaintenanceResult(0, 1, 1, 0, 0));
    // c dies at the threshold, f is pending again
    assertThat(stats(queue)).as("after recovery").isEqualTo(expected(queue, 2, 1, 0, 1, 3, 8, 9, 6, 1, 1, 2, 4));
    assertCountersAgreeWithRows(queue);

    Task killedOrphan = lost.stream().filter(t -> t.subject().equals("c")).findFirst().orElseThrow();
    SettleResult stale = settle(queue, Outcome.complete(Lease.of(killedOrphan)), Outcome.complete(Lease.of(held.get("a"))));
    assertThat(stale.applied()).isZero();
    assertThat(stats(queue)).as("stale outcomes count nothing").isEqualTo(expected(queue, 2, 1, 0, 1, 3, 8, 9, 6, 1, 1, 2, 4));
  }

  @Test
  void droppingLowersTheTotalButNotPushed() {
    String queue = newQueue();
    pushMany(queue, "t", 5);
    for (Task t : pick(queue, 3)) {
      settleApplied(queue, Outcome.drop(Lease.of(t)));
    }

    QueueStats stats = stats(queue);
    assertThat(stats.total()).isEqualTo(2);
    assertThat(stats.pushed()).isEqualTo(5);
    assertThat(stats.processed()).isEqualTo(3);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void upsertMovesFinishedTasksBetweenStatusCounters() {
    String queue = newQueue();
    oneTaskInEachStatus(queue);

    storage.upsert(new PushRequest(queue, List.of(
        NewTask.of("completed").in(Duration.ofHours(1)), NewTask.of("killed"), NewTask.of("planned"),
        NewTask.of("pending").in(Duration.ofHours(1)))));

    QueueStats stats = stats(queue);
    assertThat(stats.planned()).isEqualTo(2);
    assertThat(stats.pending()).isEqualTo(2);
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.completed()).isZero();
    assertThat(stats.killed()).isZero();
    assertThat(stats.pushed()).isEqualTo(5);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void promotionMovesCountsFromPlannedToPending() {
    String queue = newQueue();
    push(queue, NewTask.of("a").in(Duration.ofMillis(80)), NewTask.of("b").in(Duration.ofMillis(80)),
        NewTask.of("c").in(Duration.ofHours(1)));
    awaitClockPast(task(queue, "b").nextIteration());
    awaitClockPast(task(queue, "a").nextIteration());

    maintain(queue, Job.PROMOTE);

    QueueStats stats = stats(queue);
    assertThat(stats.planned()).isEqualTo(1);
    assertThat(stats.pending()).isEqualTo(2);
    assertThat(stats.pushed()).isEqualTo(3);
    assertThat(stats.picked()).isZero();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void eachQueueHasItsOwnCounters() {
    String first = newQueue();
    String second = newQueue();
    pushMany(first, "t", 4);
    pushMany(second, "t", 2);
    pick(first, 3);

    assertThat(stats(first)).isEqualTo(expected(first, 0, 1, 3, 0, 0, 4, 3, 0, 0, 0, 0, 0));
    assertThat(stats(second)).isEqualTo(expected(second, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void aBatchWithStaleLeasesCountsOnlyWhatApplied() {
    String queue = newQueue();
    pushMany(queue, "t", 4);
    List<Task> held = pick(queue, 4);
    settleApplied(queue, Outcome.complete(Lease.of(held.get(0))));

    SettleResult result = settle(queue,
        Outcome.reject(Lease.of(held.get(0)), "late", null, Duration.ZERO),
        Outcome.reject(Lease.of(held.get(1)), "now", null, Duration.ZERO),
        Outcome.reschedule(Lease.of(held.get(2)), Duration.ZERO));

    assertThat(result.applied()).isEqualTo(2);
    QueueStats stats = stats(queue);
    assertThat(stats.processed()).isEqualTo(3);
    assertThat(stats.rejected()).isEqualTo(1);
    assertThat(stats.rescheduled()).isEqualTo(1);
    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.completed()).isEqualTo(1);
    assertThat(stats.pending()).isEqualTo(2);
    assertThat(stats.active()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void statusCountsFollowEveryTaskThroughItsLife() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    pushMany(queue, "t", 30);
    for (int round = 0; round < 3; round++) {
      List<Task> batch = pick(queue, 12);
      for (int i = 0; i < batch.size(); i++) {
        Lease lease = Lease.of(batch.get(i));
        Outcome outcome = switch (i % 4) {
          case 0 -> Outcome.complete(lease);
          case 1 -> Outcome.reject(lease, "fail", null, Duration.ZERO);
          case 2 -> Outcome.reschedule(lease, Duration.ofHours(1));
          default -> Outcome.release(lease);
        };
        settleApplied(queue, outcome);
      }
      assertCountersAgreeWithRows(queue);
    }
    assertThat(allTasks(queue, TaskStatus.ACTIVE)).isEmpty();
  }

  @Test
  void statsOfAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> stats("never_created")).isInstanceOf(QueueNotFoundException.class);
  }
}
