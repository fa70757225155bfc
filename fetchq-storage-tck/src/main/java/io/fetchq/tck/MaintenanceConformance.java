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
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceRequest.Job;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Maintenance: PROMOTE makes only due PLANNED tasks PENDING; RECOVER_ORPHANS gives expired runs back
 * as PENDING, or KILLED at the threshold, each logged and counted; PRUNE_ERRORS deletes error log
 * entries older than the queue's retention; RETIRE_FINISHED deletes COMPLETED and KILLED tasks past
 * the queue's finished retention, freeing their subjects, and nothing else; {@code limit} bounds
 * each job (retiring may go past it); passes running at once never count one task twice.
 */
abstract class MaintenanceConformance extends StorageConformance {

  private MaintenanceResult maintain(String queue, int limit, Job... jobs) {
    return storage.maintain(new MaintenanceRequest(queue, EnumSet.copyOf(List.of(jobs)), limit));
  }

  /** Pushes tasks due after a short delay and waits until they are due. */
  private List<String> pushDueSoon(String queue, String prefix, int count) {
    List<NewTask> tasks = subjects(prefix, count).stream().map(s -> NewTask.of(s).in(Duration.ofMillis(100))).toList();
    assertThat(push(queue, tasks).count()).isEqualTo(count);
    List<String> pushed = tasks.stream().map(NewTask::subject).toList();
    List<Task> stored = storage.get(new SubjectsRequest(queue, pushed));
    assertThat(stored).hasSize(count).allMatch(t -> t.status() == TaskStatus.PLANNED);
    awaitClockPast(stored.stream().map(Task::nextIteration).max(Instant::compareTo).orElseThrow());
    return pushed;
  }

  @Test
  void promoteMakesOnlyDuePlannedTasksPending() {
    String queue = newQueue();
    push(queue, NewTask.of("far").in(Duration.ofHours(1)));
    pushDueSoon(queue, "due", 3);

    MaintenanceResult result = maintain(queue, Job.PROMOTE);

    assertThat(result).isEqualTo(new MaintenanceResult(3, 0, 0, 0, 0));
    assertThat(allTasks(queue, TaskStatus.PENDING)).extracting(Task::subject).containsExactlyInAnyOrder("due00000", "due00001", "due00002");
    assertThat(task(queue, "far").status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(maintain(queue, Job.PROMOTE).promoted()).as("a second pass finds nothing").isZero();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void promoteLeavesEveryOtherStatusAlone() {
    String queue = newQueue();
    Map<TaskStatus, Task> tasks = oneTaskInEachStatus(queue);

    assertThat(maintain(queue, Job.PROMOTE).promoted()).isZero();

    for (Task t : tasks.values()) {
      assertThat(task(queue, t.subject())).isEqualTo(t);
    }
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void promoteKeepsThePayloadAndTheDueTime() {
    String queue = newQueue();
    push(queue, NewTask.of("p").payload("{\"keep\":1}").priority(4).in(Duration.ofMillis(100)));
    Task planned = task(queue, "p");
    awaitClockPast(planned.nextIteration());

    maintain(queue, Job.PROMOTE);

    Task pending = task(queue, "p");
    assertThat(pending.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(pending.payload()).isEqualTo("{\"keep\":1}");
    assertThat(pending.priority()).isEqualTo(4);
    assertThat(pending.nextIteration()).isEqualTo(planned.nextIteration());
    assertThat(pending.attempts()).isZero();
  }

  @Test
  void recoverOrphansBelowTheThresholdMakesThemPendingLoggedAndCounted() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    push(queue, NewTask.of("lost").payload("{\"p\":1}"));
    Task held = pick(queue, 1, SHORT_LOCK).get(0);
    awaitLockExpiry(List.of(held));

    Instant before = dbNow();
    MaintenanceResult result = maintain(queue, Job.RECOVER_ORPHANS);
    Instant after = dbNow();

    assertThat(result).isEqualTo(new MaintenanceResult(0, 1, 0, 0, 0));
    Task t = task(queue, "lost");
    assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(t.attempts()).as("the lost run counts as a failed attempt").isEqualTo(1);
    assertThat(t.payload()).isEqualTo("{\"p\":1}");
    assertThat(t.nextIteration()).as("due at once").isBeforeOrEqualTo(after.plus(CLOCK_SLACK));
    List<TaskError> log = errors(queue);
    assertThat(log).hasSize(1);
    assertThat(log.get(0).subject()).isEqualTo("lost");
    assertThat(log.get(0).attempt()).isEqualTo(1);
    assertThat(log.get(0).message()).isNotBlank();
    assertInstantBetween("error createdAt", log.get(0).createdAt(), before, after);
    QueueStats stats = stats(queue);
    assertThat(stats.orphaned()).isEqualTo(1);
    assertThat(stats.errors()).isEqualTo(1);
    assertThat(stats.processed()).isZero();
    assertThat(pickOnly(queue, "lost").attempts()).isEqualTo(2);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void recoverOrphansAtTheThresholdKillsThem() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(2));
    push(queue, NewTask.of("last-try").priority(1), NewTask.of("first-try"));
    Task failed = pickOnly(queue, "last-try");
    settleApplied(queue, Outcome.reject(Lease.of(failed), "fail", null, Duration.ZERO));
    List<Task> held = pick(queue, 2, SHORT_LOCK);
    assertThat(held).extracting(Task::subject, Task::attempts).containsExactlyInAnyOrder(
        tuple("last-try", 2), tuple("first-try", 1));
    awaitLockExpiry(held);

    MaintenanceResult result = maintain(queue, Job.RECOVER_ORPHANS);

    assertThat(result).isEqualTo(new MaintenanceResult(0, 1, 1, 0, 0));
    assertThat(task(queue, "last-try").status()).isEqualTo(TaskStatus.KILLED);
    assertThat(task(queue, "last-try").attempts()).isEqualTo(2);
    assertThat(task(queue, "first-try").status()).isEqualTo(TaskStatus.PENDING);
    assertThat(task(queue, "first-try").attempts()).isEqualTo(1);
    assertThat(pick(queue, 10)).extracting(Task::subject).containsExactly("first-try");
    QueueStats stats = stats(queue);
    assertThat(stats.orphaned()).isEqualTo(2);
    assertThat(stats.killed()).isEqualTo(1);
    assertThat(errors(queue, "last-try")).extracting(TaskError::attempt).containsExactly(2, 1);
    assertThat(errors(queue, "first-try")).extracting(TaskError::attempt).containsExactly(1);
    assertThat(stats.errors()).isEqualTo(3);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void heldTasksWhoseLockLastsAreNotOrphans() {
    String queue = newQueue();
    push(queue, NewTask.of("working"));
    Task held = pickOnly(queue, "working");

    assertThat(maintain(queue, Job.RECOVER_ORPHANS)).isEqualTo(new MaintenanceResult(0, 0, 0, 0, 0));

    assertThat(task(queue, "working")).isEqualTo(held);
    assertThat(errors(queue)).isEmpty();
  }

  @Test
  void pruneDeletesErrorsOlderThanTheRetention() {
    String queue = newQueue(QueueOptions.defaults().errorRetention(Duration.ZERO).maxAttempts(10));
    push(queue, NewTask.of("a"), NewTask.of("b"), NewTask.of("c"));
    for (Task t : pick(queue, 3)) {
      settleApplied(queue, Outcome.reject(Lease.of(t), "fail", null, Duration.ofHours(1)));
    }
    List<TaskError> written = errors(queue);
    assertThat(written).hasSize(3);
    awaitClockPast(written.get(0).createdAt().plusMillis(5));

    MaintenanceResult result = maintain(queue, Job.PRUNE_ERRORS);

    assertThat(result).isEqualTo(new MaintenanceResult(0, 0, 0, 3, 0));
    assertThat(errors(queue)).isEmpty();
    assertThat(stats(queue).errors()).as("the errors counter only grows").isEqualTo(3);
    assertThat(allTasks(queue)).as("pruning touches no task").hasSize(3).allMatch(t -> t.attempts() == 1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pruneKeepsErrorsWithinTheRetention() {
    String queue = newQueue();
    push(queue, NewTask.of("a"));
    settleApplied(queue, Outcome.reject(Lease.of(pickOnly(queue, "a")), "fail", null, Duration.ofHours(1)));

    assertThat(maintain(queue, Job.PRUNE_ERRORS).pruned()).isZero();

    assertThat(errors(queue)).hasSize(1);
  }

  @Test
  void pruneFollowsAShortenedRetentionAtOnce() {
    String queue = newQueue();
    push(queue, NewTask.of("a"));
    settleApplied(queue, Outcome.kill(Lease.of(pickOnly(queue, "a")), "gone", null));
    TaskError entry = errors(queue).get(0);
    awaitClockPast(entry.createdAt().plusMillis(60));

    storage.updateQueue(queue, QueueOptions.defaults().errorRetention(Duration.ofMillis(50)));

    assertThat(maintain(queue, Job.PRUNE_ERRORS).pruned()).isEqualTo(1);
    assertThat(errors(queue)).isEmpty();
  }

  @Test
  void theLimitBoundsEachJob() {
    String queue = newQueue(QueueOptions.defaults().errorRetention(Duration.ZERO));
    pushDueSoon(queue, "due", 5);
    push(queue, NewTask.of("o1"), NewTask.of("o2"), NewTask.of("o3"));
    // the orphans: picked with a short lock after the due tasks are pushed but before they are promoted
    List<Task> orphans = pick(queue, 3, SHORT_LOCK);
    assertThat(orphans).extracting(Task::subject).containsExactlyInAnyOrder("o1", "o2", "o3");
    awaitLockExpiry(orphans);

    MaintenanceResult first = maintain(queue, 2, Job.PROMOTE, Job.RECOVER_ORPHANS);
    MaintenanceResult second = maintain(queue, 2, Job.PROMOTE, Job.RECOVER_ORPHANS);
    MaintenanceResult third = maintain(queue, 2, Job.PROMOTE, Job.RECOVER_ORPHANS);

    assertThat(first).isEqualTo(new MaintenanceResult(2, 2, 0, 0, 0));
    assertThat(second).isEqualTo(new MaintenanceResult(2, 1, 0, 0, 0));
    assertThat(third).isEqualTo(new MaintenanceResult(1, 0, 0, 0, 0));
    awaitClockPast(errors(queue).get(0).createdAt().plusMillis(5));
    assertThat(maintain(queue, 2, Job.PRUNE_ERRORS).pruned()).isEqualTo(2);
    assertThat(maintain(queue, 2, Job.PRUNE_ERRORS).pruned()).isEqualTo(1);
    assertThat(maintain(queue, 2, Job.PRUNE_ERRORS).pruned()).isZero();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void onlyTheAskedJobsRun() {
    String queue = newQueue(QueueOptions.defaults().errorRetention(Duration.ZERO));
    push(queue, NewTask.of("orphan"));
    List<Task> held = pick(queue, 1, SHORT_LOCK);
    pushDueSoon(queue, "due", 1);
    awaitLockExpiry(held);

    assertThat(maintain(queue)).as("no jobs").isEqualTo(new MaintenanceResult(0, 0, 0, 0, 0));
    assertThat(maintain(queue, Job.PRUNE_ERRORS)).isEqualTo(new MaintenanceResult(0, 0, 0, 0, 0));
    assertThat(maintain(queue, Job.PROMOTE)).isEqualTo(new MaintenanceResult(1, 0, 0, 0, 0));
    assertThat(task(queue, "orphan").status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(maintain(queue, Job.RECOVER_ORPHANS)).isEqualTo(new MaintenanceResult(0, 1, 0, 0, 0));
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void maintenanceTouchesOnlyItsQueue() {
    String mine = newQueue();
    String other = newQueue();
    pushDueSoon(other, "due", 2);
    push(other, NewTask.of("orphan"));
    List<Task> held = pick(other, 1, SHORT_LOCK);
    awaitLockExpiry(held);

    assertThat(storage.maintain(MaintenanceRequest.all(mine, 1000))).isEqualTo(new MaintenanceResult(0, 0, 0, 0, 0));

    assertThat(stats(other).planned()).isEqualTo(2);
    assertThat(stats(other).active()).isEqualTo(1);
  }

  @Test
  void passesRunningAtOnceCountEachTaskOnce() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(2));
    int toKill = 60;
    int toRecover = 90;
    int toPromote = 250;
    // tasks one failure from the threshold
    pushMany(queue, "k", toKill);
    for (Task t : pick(queue, toKill)) {
      settleApplied(queue, Outcome.reject(Lease.of(t), "first", null, Duration.ZERO));
    }
    pushMany(queue, "r", toRecover);
    List<Task> orphans = pick(queue, toKill + toRecover, SHORT_LOCK);
    assertThat(orphans).hasSize(toKill + toRecover);
    pushDueSoon(queue, "p", toPromote);
    awaitLockExpiry(orphans);

    AtomicInteger promoted = new AtomicInteger();
    AtomicInteger recovered = new AtomicInteger();
    AtomicInteger killed = new AtomicInteger();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Concurrently.run(8, Duration.ofSeconds(30), worker -> {
      while (System.nanoTime() < deadline
          && (promoted.get() < toPromote || recovered.get() < toRecover || killed.get() < toKill)) {
        MaintenanceResult r = storage.maintain(new MaintenanceRequest(queue,
            EnumSet.of(Job.PROMOTE, Job.RECOVER_ORPHANS), 7));
        promoted.addAndGet(r.promoted());
        recovered.addAndGet(r.recovered());
        killed.addAndGet(r.killed());
      }
    });

    assertThat(promoted.get()).as("promoted in all passes").isEqualTo(toPromote);
    assertThat(recovered.get()).as("recovered in all passes").isEqualTo(toRecover);
    assertThat(killed.get()).as("killed in all passes").isEqualTo(toKill);
    assertThat(storage.maintain(MaintenanceRequest.all(queue, 1000))).isEqualTo(new MaintenanceResult(0, 0, 0, 0, 0));
    QueueStats stats = stats(queue);
    assertThat(stats.pending()).isEqualTo(toPromote + toRecover);
    assertThat(stats.killed()).isEqualTo(toKill);
    assertThat(stats.orphaned()).isEqualTo(toKill + toRecover);
    assertThat(stats.errors()).isEqualTo(toKill * 2L + toRecover);
    assertThat(errors(queue)).hasSize(toKill * 2 + toRecover);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void maintenanceOfAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> storage.maintain(MaintenanceRequest.all("never_created", 10)))
        .isInstanceOf(QueueNotFoundException.class);
  }

  // ---------------------------------------------------------------- retiring finished tasks

  /** Passes enough for a backend that retires one partition per pass. */
  private static final int RETIRE_PASSES = 24;

  /** Runs {@code passes} retire passes and returns how many tasks they retired. */
  private int retire(String queue, int passes) {
    int retired = 0;
    for (int i = 0; i < passes; i++) {
      MaintenanceResult r = maintain(queue, Job.RETIRE_FINISHED);
      assertThat(r.promoted() + r.recovered() + r.killed() + r.pruned()).as("retiring does nothing else").isZero();
      retired += r.retired();
    }
    return retired;
  }

  /** Picks and completes {@code count} new tasks; returns their subjects. */
  private List<String> completeMany(String queue, String prefix, int count) {
    List<String> subjects = pushMany(queue, prefix, count);
    List<Task> picked = pick(queue, count);
    assertThat(picked).extracting(Task::subject).containsExactlyInAnyOrderElementsOf(subjects);
    settle(queue, picked.stream().map(t -> Outcome.complete(Lease.of(t))).toList());
    return subjects;
  }

  private void retainFinishedFor(String queue, Duration retention) {
    storage.updateQueue(queue, storage.queues().stream()
        .filter(q -> q.name().equals(queue)).findFirst().orElseThrow().options().finishedRetention(retention));
  }

  @Test
  void retireDeletesFinishedTasksPastTheRetentionAndFreesTheirSubjects() {
    String queue = newQueue(QueueOptions.defaults().finishedRetention(Duration.ofHours(1)));
    List<String> done = completeMany(queue, "done", 40);
    Map<TaskStatus, Task> each = oneTaskInEachStatus(queue);
    QueueStats before = stats(queue);

    assertThat(retire(queue, RETIRE_PASSES)).as("within the retention").isZero();
    assertThat(allTasks(queue)).hasSize(45);

    retainFinishedFor(queue, Duration.ZERO);
    awaitClockPast(task(queue, done.get(39)).lastIteration().plus(CLOCK_SLACK));
    assertThat(retire(queue, RETIRE_PASSES)).isEqualTo(42);

    assertThat(allTasks(queue)).as("the tasks still at work, unchanged")
        .containsExactlyInAnyOrder(each.get(TaskStatus.PLANNED), each.get(TaskStatus.PENDING), each.get(TaskStatus.ACTIVE));
    assertThat(storage.get(new SubjectsRequest(queue, List.of("completed", "killed", done.get(0))))).isEmpty();
    QueueStats after = stats(queue);
    assertThat(after.completed()).isZero();
    assertThat(after.killed()).isZero();
    assertThat(after.pushed()).as("flow counters keep their history").isEqualTo(before.pushed());
    assertThat(after.processed()).isEqualTo(before.processed());
    assertCountersAgreeWithRows(queue);

    assertThat(push(queue, NewTask.of("completed"), NewTask.of(done.get(0))).count())
        .as("a retired subject can be pushed again").isEqualTo(2);
    Task active = each.get(TaskStatus.ACTIVE);
    assertThat(settle(queue, Outcome.complete(Lease.of(active))).applied())
        .as("the run held across the retire still settles").isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void retireTakesTheFewFinishedAmongManyAtWork() {
    String queue = newQueue(QueueOptions.defaults().finishedRetention(Duration.ZERO));
    List<String> done = completeMany(queue, "done", 3);
    pushMany(queue, "work", 300);
    push(queue, subjects("later", 100).stream().map(s -> NewTask.of(s).in(Duration.ofHours(1))).toList());
    awaitClockPast(task(queue, done.get(2)).lastIteration().plus(CLOCK_SLACK));

    assertThat(retire(queue, RETIRE_PASSES)).isEqualTo(3);

    assertThat(allTasks(queue, TaskStatus.PENDING)).hasSize(300);
    assertThat(allTasks(queue, TaskStatus.PLANNED)).hasSize(100);
    assertThat(allTasks(queue, TaskStatus.COMPLETED)).isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void retireLosesNothingPushedOrSettledMeanwhile() {
    String queue = newQueue(QueueOptions.defaults().finishedRetention(Duration.ZERO));
    List<String> done = completeMany(queue, "old", 400);
    awaitClockPast(task(queue, done.get(399)).lastIteration().plus(CLOCK_SLACK));
    int pushes = 300;
    AtomicInteger retired = new AtomicInteger();

    Concurrently.run(3, Duration.ofSeconds(60), worker -> {
      if (worker == 0) {
        for (int i = 0; i < pushes; i++) {
          assertThat(push(queue, NewTask.of(String.format("new%05d", i))).count()).isEqualTo(1);
        }
      } else if (worker == 1) {
        int settled = 0;
        while (settled < pushes) {
          List<Task> picked = pick(queue, 10);
          settled += picked.size();
          if (!picked.isEmpty()) {
            assertThat(settle(queue, picked.stream()
                .map(t -> Outcome.reschedule(Lease.of(t), Duration.ofHours(1))).toList()).stale()).isEmpty();
          }
        }
      } else {
        retired.addAndGet(retire(queue, RETIRE_PASSES));
      }
    });
    retired.addAndGet(retire(queue, RETIRE_PASSES));

    assertThat(retired.get()).isEqualTo(400);
    assertThat(allTasks(queue)).hasSize(pushes).allMatch(t -> t.status() == TaskStatus.PLANNED);
    assertCountersAgreeWithRows(queue);
  }
}
