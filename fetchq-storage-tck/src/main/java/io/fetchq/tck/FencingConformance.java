package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest.Job;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.SettleResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.fetchq.spi.PushRequest;

/**
 * Fencing: an outcome applies only with the current lease. A holder whose lock expired and whose
 * task was recovered and picked again cannot settle the new run; a settled run cannot be settled
 * twice; {@code extend} moves the lock of current leases only and keeps an extended task from being
 * recovered as an orphan.
 */
abstract class FencingConformance extends StorageConformance {

  private List<Lease> extend(String queue, Duration lock, Lease... leases) {
    return storage.extend(new ExtendRequest(queue, List.of(leases), lock));
  }

  @Test
  void aHolderWhoseLockExpiredCannotSettleTheNewHoldersRun() {
    String queue = newQueue();
    push(queue, NewTask.of("hero").payload("{\"v\":0}"));
    Task slow = pick(queue, 1, SHORT_LOCK).get(0);
    assertThat(pick(queue, 1)).as("held while the lock lasts").isEmpty();
    awaitLockExpiry(List.of(slow));

    MaintenanceResult recovered = maintain(queue, Job.RECOVER_ORPHANS);
    assertThat(recovered.recovered()).isEqualTo(1);
    assertThat(task(queue, "hero").status()).isEqualTo(TaskStatus.PENDING);
    Task fresh = pickOnly(queue, "hero");
    assertThat(fresh.lease()).isNotEqualTo(slow.lease());
    assertThat(fresh.attempts()).isEqualTo(2);

    SettleResult late = settle(queue, Outcome.complete(lease(slow), "{\"by\":\"slow\"}"));

    assertThat(late.applied()).isZero();
    assertThat(late.stale()).containsExactly(lease(slow));
    assertThat(task(queue, "hero")).isEqualTo(fresh);

    settleApplied(queue, Outcome.complete(lease(fresh), "{\"by\":\"fresh\"}"));

    Task done = task(queue, "hero");
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.payload()).isEqualTo("{\"by\":\"fresh\"}");
    QueueStats stats = stats(queue);
    assertThat(stats.orphaned()).isEqualTo(1);
    assertThat(stats.processed()).isEqualTo(1);
    assertThat(stats.completed()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aLateHolderStillSettlesWhileNoOneElseTookTheTask() {
    String queue = newQueue();
    push(queue, NewTask.of("slowpoke"));
    Task held = pick(queue, 1, SHORT_LOCK).get(0);
    awaitLockExpiry(List.of(held));

    // the lease is current until the task is settled or picked again (Lease javadoc)
    settleApplied(queue, Outcome.complete(lease(held)));

    assertThat(task(queue, "slowpoke").status()).isEqualTo(TaskStatus.COMPLETED);
    MaintenanceResult result = maintain(queue, Job.RECOVER_ORPHANS);
    assertThat(result.recovered() + result.killed()).isZero();
    assertThat(stats(queue).orphaned()).isZero();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aRunRecoveredAsAnOrphanCannotBeSettledLate() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(5));
    push(queue, NewTask.of("lost"));
    Task held = pick(queue, 1, SHORT_LOCK).get(0);
    awaitLockExpiry(List.of(held));
    assertThat(maintain(queue, Job.RECOVER_ORPHANS).recovered()).isEqualTo(1);
    Task recovered = task(queue, "lost");
    QueueStats before = stats(queue);

    // the run already ended as an orphan (counted, logged); settling it too would count it twice
    SettleResult late = settle(queue, Outcome.complete(lease(held)));

    assertThat(late.applied()).isZero();
    assertThat(late.stale()).containsExactly(lease(held));
    assertThat(task(queue, "lost")).isEqualTo(recovered);
    assertThat(stats(queue)).isEqualTo(before);
  }

  @Test
  void everyOutcomeKindOfAStaleHolderIsRefused() {
    String queue = newQueue();
    push(queue, NewTask.of("c"), NewTask.of("r"), NewTask.of("j"), NewTask.of("k"), NewTask.of("d"), NewTask.of("l"));
    List<Task> slow = pick(queue, 6, SHORT_LOCK);
    assertThat(slow).hasSize(6);
    awaitLockExpiry(slow);
    assertThat(maintain(queue, Job.RECOVER_ORPHANS).recovered()).isEqualTo(6);
    List<Task> fresh = pick(queue, 6);
    assertThat(fresh).hasSize(6);
    List<Task> before = allTasks(queue);
    QueueStats statsBefore = stats(queue);

    SettleResult result = settle(queue,
        Outcome.complete(leaseOf(slow, "c")),
        Outcome.reschedule(leaseOf(slow, "r"), Duration.ZERO),
        Outcome.reject(leaseOf(slow, "j"), "late", null, Duration.ZERO),
        Outcome.kill(leaseOf(slow, "k"), "late", null),
        Outcome.drop(leaseOf(slow, "d")),
        Outcome.release(leaseOf(slow, "l")));

    assertThat(result.applied()).isZero();
    assertThat(result.stale()).hasSize(6);
    assertThat(allTasks(queue)).isEqualTo(before);
    assertThat(stats(queue)).isEqualTo(statsBefore);
    assertThat(errors(queue)).extracting(TaskError::message).doesNotContain("late");
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aSettledRunCannotBeSettledTwice() {
    String queue = newQueue();
    push(queue, NewTask.of("once"));
    Task held = pickOnly(queue, "once");
    settleApplied(queue, Outcome.reschedule(lease(held), Duration.ofHours(1)));
    Task afterFirst = task(queue, "once");

    SettleResult second = settle(queue, Outcome.complete(lease(held)));
    SettleResult third = settle(queue, Outcome.reject(lease(held), "again", null, Duration.ZERO));

    assertThat(second.applied()).isZero();
    assertThat(second.stale()).containsExactly(lease(held));
    assertThat(third.applied()).isZero();
    assertThat(task(queue, "once")).isEqualTo(afterFirst);
    assertThat(errors(queue)).isEmpty();
    assertThat(stats(queue).processed()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aCompletedRunCannotBeSettledAgainEvenAfterAnUpsertRevivedIt() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));
    Task held = pickOnly(queue, "t");
    settleApplied(queue, Outcome.complete(lease(held)));
    storage.upsert(new PushRequest(queue, List.of(NewTask.of("t"))));
    Task revived = task(queue, "t");

    SettleResult late = settle(queue, Outcome.kill(lease(held)));

    assertThat(late.applied()).isZero();
    assertThat(task(queue, "t")).isEqualTo(revived);
    assertThat(revived.status()).isEqualTo(TaskStatus.PENDING);
  }

  @Test
  void aDroppedAndPushedAgainSubjectDoesNotHonourTheOldLease() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));
    Task held = pickOnly(queue, "t");
    settleApplied(queue, Outcome.drop(lease(held)));
    push(queue, NewTask.of("t"));
    Task again = pickOnly(queue, "t");
    assertThat(again.lease()).isNotEqualTo(held.lease());

    SettleResult late = settle(queue, Outcome.complete(lease(held)));

    assertThat(late.applied()).isZero();
    assertThat(task(queue, "t").status()).isEqualTo(TaskStatus.ACTIVE);
  }

  @Test
  void extendMovesTheLockOfCurrentLeasesOnly() {
    String queue = newQueue();
    push(queue, NewTask.of("mine"), NewTask.of("done"));
    List<Task> held = pick(queue, 2, Duration.ofSeconds(30));
    Lease mine = leaseOf(held, "mine");
    Lease done = leaseOf(held, "done");
    settleApplied(queue, Outcome.complete(done));

    Instant before = dbNow();
    List<Lease> extended = extend(queue, Duration.ofHours(1), mine, done, new Lease("ghost", 42));
    Instant after = dbNow();

    assertThat(extended).containsExactly(mine);
    Task t = task(queue, "mine");
    assertThat(t.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(t.lease()).as("extending keeps the lease").isEqualTo(mine.token());
    assertThat(t.attempts()).isEqualTo(1);
    assertInstantBetween("nextIteration after extend", t.nextIteration(), before.plus(Duration.ofHours(1)), after.plus(Duration.ofHours(1)));
    assertThat(task(queue, "done").status()).isEqualTo(TaskStatus.COMPLETED);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void anExtendedTaskIsNotRecoveredWhileItsNewLockHolds() {
    String queue = newQueue();
    push(queue, NewTask.of("long-job"));
    Task held = pick(queue, 1, SHORT_LOCK).get(0);

    assertThat(extend(queue, Duration.ofMinutes(5), lease(held))).containsExactly(lease(held));
    awaitLockExpiry(List.of(held));
    MaintenanceResult result = maintain(queue, Job.RECOVER_ORPHANS);

    assertThat(result.recovered()).isZero();
    assertThat(result.killed()).isZero();
    assertThat(task(queue, "long-job").status()).isEqualTo(TaskStatus.ACTIVE);
    settleApplied(queue, Outcome.complete(lease(held)));
    assertThat(stats(queue).orphaned()).isZero();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void extendCanShortenTheLock() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));
    Task held = pickOnly(queue, "t");

    assertThat(extend(queue, SHORT_LOCK, lease(held))).containsExactly(lease(held));
    Task shortened = task(queue, "t");
    awaitLockExpiry(List.of(shortened));

    assertThat(maintain(queue, Job.RECOVER_ORPHANS).recovered()).isEqualTo(1);
  }

  @Test
  void aStaleHolderCannotExtendTheNewHoldersLock() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));
    Task slow = pick(queue, 1, SHORT_LOCK).get(0);
    awaitLockExpiry(List.of(slow));
    maintain(queue, Job.RECOVER_ORPHANS);
    Task fresh = pick(queue, 1, Duration.ofSeconds(30)).get(0);

    List<Lease> extended = extend(queue, Duration.ofDays(1), lease(slow));

    assertThat(extended).isEmpty();
    assertThat(task(queue, "t")).isEqualTo(fresh);
  }

  @Test
  void orphanRecoveryAndTheRepickRaceDoNotLetTwoHoldersSettle() {
    String queue = newQueue();
    int n = 40;
    List<String> subjects = pushMany(queue, "t", n);
    List<Task> slow = pick(queue, n, SHORT_LOCK);
    assertThat(slow).hasSize(n);
    awaitLockExpiry(slow);
    assertThat(maintain(queue, Job.RECOVER_ORPHANS).recovered()).isEqualTo(n);
    List<Task> fresh = pick(queue, n);

    List<Outcome> late = slow.stream().map(t -> Outcome.complete(Lease.of(t), "{\"by\":\"slow\"}")).toList();
    List<Outcome> current = fresh.stream().map(t -> Outcome.complete(Lease.of(t), "{\"by\":\"fresh\"}")).toList();
    int[] applied = new int[2];
    Concurrently.run(2, Duration.ofSeconds(20), worker -> {
      applied[worker] = settle(queue, worker == 0 ? late : current).applied();
    });

    assertThat(applied[0]).as("stale holders applied").isZero();
    assertThat(applied[1]).as("current holders applied").isEqualTo(n);
    assertThat(allTasks(queue)).extracting(Task::payload).containsOnly("{\"by\":\"fresh\"}").hasSize(subjects.size());
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void extendOnAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> extend("never_created", Duration.ofSeconds(1), new Lease("x", 1)))
        .isInstanceOf(QueueNotFoundException.class);
  }

  private static Lease leaseOf(List<Task> held, String subject) {
    return held.stream().filter(t -> t.subject().equals(subject)).map(Lease::of).findFirst()
        .orElseThrow(() -> new AssertionError(subject + " was not picked"));
  }
}
