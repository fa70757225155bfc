package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.MaintenanceRequest.Job;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pick: only due PENDING tasks of the asked version, highest priority first then oldest due time,
 * at most the limit; each picked task is ACTIVE, has one more attempt, a new lease and a lock that
 * ends after the asked duration by the database clock. PLANNED tasks wait for maintenance;
 * finished and held tasks are never picked.
 */
abstract class PickConformance extends StorageConformance {

  @Test
  void pickLocksATaskAndStartsARun() {
    String queue = newQueue();
    push(queue, NewTask.of("hero").payload("{\"a\":1}").priority(2));
    Task pushed = task(queue, "hero");

    Instant before = dbNow();
    List<Task> picked = pick(queue, 10, Duration.ofSeconds(90));
    Instant after = dbNow();

    assertThat(picked).hasSize(1);
    Task t = picked.get(0);
    assertThat(t.subject()).isEqualTo("hero");
    assertThat(t.queue()).isEqualTo(queue);
    assertThat(t.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(t.attempts()).isEqualTo(1);
    assertThat(t.iterations()).isZero();
    assertThat(t.lease()).isPositive();
    assertThat(t.payload()).isEqualTo("{\"a\":1}");
    assertThat(t.priority()).isEqualTo(2);
    assertThat(t.createdAt()).isEqualTo(pushed.createdAt());
    assertInstantBetween("nextIteration is the lock expiry", t.nextIteration(),
        before.plusSeconds(90), after.plusSeconds(90));
    assertThat(task(queue, "hero")).as("the stored task is the one pick returned").isEqualTo(t);
    assertThat(stats(queue).picked()).isEqualTo(1);
    assertThat(stats(queue).active()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pickTakesHighestPriorityFirstThenOldestDueTime() {
    String queue = newQueue();
    Instant base = dbNow().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    // pushed in an order that is neither the subject nor the expected pick order
    push(queue,
        NewTask.of("p1-newest").priority(1).at(base.plusSeconds(30)),
        NewTask.of("p5-newer").priority(5).at(base.plusSeconds(20)),
        NewTask.of("p1-oldest").priority(1).at(base.plusSeconds(10)),
        NewTask.of("p9").priority(9).at(base.plusSeconds(40)),
        NewTask.of("p5-older").priority(5).at(base.plusSeconds(5)),
        NewTask.of("n3").priority(-3).at(base));

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      List<Task> one = pick(queue, 1);
      assertThat(one).hasSize(1);
      order.add(one.get(0).subject());
    }

    assertThat(order).containsExactly("p9", "p5-older", "p5-newer", "p1-oldest", "p1-newest", "n3");
    assertThat(pick(queue, 1)).isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pickOfABatchTakesTheTopOfTheOrder() {
    String queue = newQueue();
    Instant base = dbNow().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tasks.add(NewTask.of("t" + i).priority(i % 4).at(base.plusSeconds(20 - i)));
    }
    push(queue, tasks);

    List<Task> picked = pick(queue, 7);

    // priority 3: t3,t7,t11,t15,t19; priority 2 by oldest due time: t18 (base+2s), t14 (base+6s)
    assertThat(picked).extracting(Task::subject)
        .containsExactlyInAnyOrder("t3", "t7", "t11", "t15", "t19", "t18", "t14");
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pickReturnsAtMostTheLimit() {
    String queue = newQueue();
    pushMany(queue, "t", 25);

    assertThat(pick(queue, 10)).hasSize(10);
    assertThat(pick(queue, 10)).hasSize(10);
    assertThat(pick(queue, 10)).hasSize(5);
    assertThat(pick(queue, 10)).isEmpty();
    assertThat(stats(queue).picked()).isEqualTo(25);
    assertThat(stats(queue).active()).isEqualTo(25);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pickNeverHandsOutTheSameTaskTwiceWhileItIsHeld() {
    String queue = newQueue();
    pushMany(queue, "t", 30);

    Set<String> seen = new HashSet<>();
    List<Task> batch;
    while (!(batch = pick(queue, 4)).isEmpty()) {
      batch.forEach(t -> assertThat(seen.add(t.subject())).as("%s picked twice", t.subject()).isTrue());
    }

    assertThat(seen).hasSize(30);
  }

  @Test
  void pickTakesOnlyTheAskedVersion() {
    String queue = newQueue(QueueOptions.defaults().currentVersion(1));
    push(queue, NewTask.of("v0").version(0), NewTask.of("v1"), NewTask.of("v2-a").version(2),
        NewTask.of("v2-b").version(2));

    List<Task> v2 = storage.pick(new PickRequest(queue, 2, 10, LONG_LOCK));
    List<Task> current = storage.pick(new PickRequest(queue, null, 10, LONG_LOCK));
    List<Task> v0 = storage.pick(new PickRequest(queue, 0, 10, LONG_LOCK));
    List<Task> v7 = storage.pick(new PickRequest(queue, 7, 10, LONG_LOCK));

    assertThat(v2).extracting(Task::subject).containsExactlyInAnyOrder("v2-a", "v2-b");
    assertThat(v2).extracting(Task::version).containsOnly(2);
    assertThat(current).extracting(Task::subject).containsExactly("v1");
    assertThat(v0).extracting(Task::subject).containsExactly("v0");
    assertThat(v7).isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pickWithoutVersionFollowsAnUpdatedCurrentVersion() {
    String queue = newQueue();
    push(queue, NewTask.of("old").version(0), NewTask.of("new").version(1));

    storage.updateQueue(queue, QueueOptions.defaults().currentVersion(1));

    assertThat(pick(queue, 10)).extracting(Task::subject).containsExactly("new");
  }

  @Test
  void plannedTasksAreNotPickedUntilPromotedAfterTheirDueTime() {
    String queue = newQueue();
    push(queue, NewTask.of("soon").in(Duration.ofMillis(150)), NewTask.of("later").in(Duration.ofHours(1)));
    Task soon = task(queue, "soon");

    assertThat(pick(queue, 10)).as("nothing is due yet").isEmpty();
    awaitClockPast(soon.nextIteration());
    assertThat(task(queue, "soon").status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(pick(queue, 10)).as("a due PLANNED task waits for PROMOTE").isEmpty();

    assertThat(maintain(queue, Job.PROMOTE).promoted()).isEqualTo(1);

    assertThat(pick(queue, 10)).extracting(Task::subject).containsExactly("soon");
    assertThat(task(queue, "later").status()).isEqualTo(TaskStatus.PLANNED);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void finishedAndHeldTasksAreNeverPicked() {
    String queue = newQueue();
    oneTaskInEachStatus(queue);

    assertThat(pick(queue, 100)).extracting(Task::subject).containsExactly("pending");
    assertThat(pick(queue, 100)).isEmpty();
    assertThat(task(queue, "completed").status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task(queue, "killed").status()).isEqualTo(TaskStatus.KILLED);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void eachPickGivesANewLease() {
    String queue = newQueue();
    push(queue, NewTask.of("again"));
    Set<Long> leases = new HashSet<>();
    for (int run = 1; run <= 4; run++) {
      Task t = pickOnly(queue, "again");
      assertThat(t.lease()).isPositive();
      assertThat(leases.add(t.lease())).as("lease %s of run %s is new", t.lease(), run).isTrue();
      settleApplied(queue, Outcome.reschedule(lease(t), Duration.ZERO));
    }
    assertThat(task(queue, "again").iterations()).isEqualTo(4);
    assertThat(task(queue, "again").attempts()).isZero();
  }

  @Test
  void aReleasedTaskIsPickedAgainWithANewLeaseAndTheSameAttempt() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));
    Task first = pickOnly(queue, "t");
    settleApplied(queue, Outcome.release(lease(first)));

    Task second = pickOnly(queue, "t");

    assertThat(second.lease()).isNotEqualTo(first.lease()).isPositive();
    assertThat(second.attempts()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pickOfAnEmptyQueueReturnsNothing() {
    String queue = newQueue();
    assertThat(pick(queue, 50)).isEmpty();
    assertThat(stats(queue).picked()).isZero();
  }

  @Test
  void pickFromAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> pick("never_created", 1)).isInstanceOf(QueueNotFoundException.class);
  }

  @Test
  void pickTakesNothingFromOtherQueues() {
    String mine = newQueue();
    String other = newQueue();
    push(other, NewTask.of("theirs"));

    assertThat(pick(mine, 10)).isEmpty();
    assertThat(task(other, "theirs").status()).isEqualTo(TaskStatus.PENDING);
  }
}
