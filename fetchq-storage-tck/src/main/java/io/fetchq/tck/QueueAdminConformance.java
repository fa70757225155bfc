package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.NewTask;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.CancelRequest;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.QueueInfo;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.TaskQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Queue administration: create is idempotent and keeps the first options; update replaces them with
 * immediate effect; queues() lists every queue with its options and creation time; drop removes a
 * queue with everything in it, after which every operation on it throws QueueNotFoundException;
 * truncate empties a queue, zeroes its counters and frees its subjects; queues never affect each
 * other.
 */
abstract class QueueAdminConformance extends StorageConformance {

  private static final QueueOptions CUSTOM = new QueueOptions(7, Duration.ofMillis(90_500), Duration.ofHours(36), 12, false, Duration.ofMinutes(90), 3);

  private Optional<QueueInfo> info(String queue) {
    return storage.queues().stream().filter(q -> q.name().equals(queue)).findFirst();
  }

  @Test
  void createIsIdempotentAndKeepsTheFirstOptions() {
    String queue = "admin_create";
    Instant before = dbNow();
    assertThat(storage.createQueue(queue, CUSTOM)).isTrue();
    Instant after = dbNow();

    assertThat(storage.createQueue(queue, QueueOptions.defaults())).isFalse();

    QueueInfo info = info(queue).orElseThrow();
    assertThat(info.options()).isEqualTo(CUSTOM);
    assertInstantBetween("createdAt", info.createdAt(), before, after);
    assertThat(stats(queue)).isEqualTo(new QueueStats(queue, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void optionsRoundTripExactly() {
    QueueOptions extreme = new QueueOptions(QueueOptions.MAX_ATTEMPTS_LIMIT, Duration.ofDays(7),
        Duration.ofDays(36_500), Short.MAX_VALUE, true, Duration.ofDays(36_500), QueueOptions.MAX_ACTIVE_LIMIT);
    QueueOptions tiny = new QueueOptions(1, Duration.ofMillis(1), Duration.ZERO, 0, false, Duration.ZERO, 1);
    String a = newQueue(extreme);
    String b = newQueue(tiny);

    assertThat(info(a).orElseThrow().options()).isEqualTo(extreme);
    assertThat(info(b).orElseThrow().options()).isEqualTo(tiny);
  }

  @Test
  void queuesListsEveryQueueByName() {
    String b = "admin_list_b";
    String a = "admin_list_a";
    storage.createQueue(b, QueueOptions.defaults());
    storage.createQueue(a, CUSTOM);

    List<QueueInfo> queues = storage.queues();

    assertThat(queues).extracting(QueueInfo::name).contains(a, b).doesNotHaveDuplicates();
    assertThat(queues).extracting(QueueInfo::name).isSorted();
    assertThat(info(a).orElseThrow().options()).isEqualTo(CUSTOM);
    assertThat(info(b).orElseThrow().options()).isEqualTo(QueueOptions.defaults());
    assertThat(queues).allSatisfy(q -> assertThat(q.createdAt()).isNotNull());
  }

  @Test
  void updateReplacesTheOptions() {
    String queue = newQueue();

    storage.updateQueue(queue, CUSTOM);

    assertThat(info(queue).orElseThrow().options()).isEqualTo(CUSTOM);
  }

  @Test
  void aLoweredThresholdAppliesToTheNextFailure() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(10));
    push(queue, NewTask.of("t"));
    settleApplied(queue, Outcome.reject(Lease.of(pickOnly(queue, "t")), "one", null, Duration.ZERO));

    storage.updateQueue(queue, QueueOptions.defaults().maxAttempts(2));
    settleApplied(queue, Outcome.reject(Lease.of(pickOnly(queue, "t")), "two", null, Duration.ZERO));

    assertThat(task(queue, "t").status()).isEqualTo(TaskStatus.KILLED);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void updateOfAnUnknownQueueThrowsQueueNotFound() {
    assertThatThrownBy(() -> storage.updateQueue("never_created", QueueOptions.defaults()))
        .isInstanceOf(QueueNotFoundException.class);
    assertThat(info("never_created")).isEmpty();
  }

  @Test
  void dropRemovesTheQueueAndReportsWhetherItExisted() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));

    assertThat(storage.dropQueue(queue)).isTrue();
    assertThat(storage.dropQueue(queue)).isFalse();
    assertThat(storage.dropQueue("never_created")).isFalse();

    assertThat(info(queue)).isEmpty();
  }

  @Test
  void everyOperationOnADroppedQueueThrowsQueueNotFound() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));
    Task held = pickOnly(queue, "t");
    storage.dropQueue(queue);

    assertEveryOperationThrowsQueueNotFound(queue, held);
  }

  @Test
  void everyOperationOnAQueueDroppedByAnotherProcessThrowsQueueNotFound() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));
    Task held = pickOnly(queue, "t");
    assertThat(stats(queue).active()).isEqualTo(1);
    try (Storage other = openAnother()) {
      assertThat(other.dropQueue(queue)).isTrue();
    }

    assertEveryOperationThrowsQueueNotFound(queue, held);
  }

  private void assertEveryOperationThrowsQueueNotFound(String queue, Task held) {
    List<ThrowingCallable> calls = List.of(
        () -> storage.updateQueue(queue, QueueOptions.defaults()),
        () -> storage.truncateQueue(queue),
        () -> storage.push(PushRequest.of(queue, NewTask.of("x"))),
        () -> storage.upsert(PushRequest.of(queue, NewTask.of("x"))),
        () -> storage.get(SubjectsRequest.of(queue, "t")),
        () -> storage.list(new TaskQuery(queue, TaskFilter.all())),
        () -> storage.retry(SubjectsRequest.of(queue, "t")),
        () -> storage.retryKilled(queue, 10),
        () -> storage.runNow(SubjectsRequest.of(queue, "t")),
        () -> storage.cancel(new CancelRequest(queue, List.of("t"), "why", false)),
        () -> storage.pause(queue, true),
        () -> storage.pick(PickRequest.of(queue, 1, LONG_LOCK)),
        () -> storage.settle(SettleRequest.of(queue, Outcome.complete(Lease.of(held)))),
        () -> storage.extend(new ExtendRequest(queue, List.of(Lease.of(held)), LONG_LOCK)),
        () -> storage.maintain(MaintenanceRequest.all(queue, 10)),
        () -> storage.stats(queue),
        () -> storage.errors(ErrorQuery.of(queue, 10)));
    for (int i = 0; i < calls.size(); i++) {
      assertThatThrownBy(calls.get(i)).as("call %s on a dropped queue", i)
          .isInstanceOfSatisfying(QueueNotFoundException.class, e -> assertThat(e.queue()).isEqualTo(queue));
    }
  }

  /**
   * A storage may remember what it learnt of a queue; when another process drops the queue and
   * makes one of the same name, every operation here works on the new queue and nothing of the
   * old one shows through.
   */
  @Test
  void aQueueDroppedAndMadeAgainByAnotherProcessIsTheNewQueueHere() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    push(queue, NewTask.of("old"), NewTask.of("kept"));
    Task held = pickOnly(queue, "kept");
    settleApplied(queue, Outcome.reject(Lease.of(pickOnly(queue, "old")), "old error", null, Duration.ZERO));
    assertThat(errors(queue)).hasSize(1);
    assertThat(stats(queue).pushed()).isEqualTo(2);
    try (Storage other = openAnother()) {
      assertThat(other.dropQueue(queue)).isTrue();
      assertThat(other.createQueue(queue, CUSTOM)).isTrue();
      assertThat(other.push(PushRequest.of(queue, NewTask.of("new"))).added()).containsExactly("new");
    }

    assertThat(find(queue, "old")).as("get of the old queue's task").isEmpty();
    assertThat(allTasks(queue)).extracting(Task::subject).containsExactly("new");
    assertThat(stats(queue)).isEqualTo(new QueueStats(queue, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0));
    assertThat(errors(queue)).isEmpty();
    assertThat(storage.extend(new ExtendRequest(queue, List.of(Lease.of(held)), LONG_LOCK))).isEmpty();
    assertThat(settle(queue, Outcome.complete(Lease.of(held))).applied()).isZero();

    assertThat(push(queue, NewTask.of("old")).added()).containsExactly("old");
    assertThat(task(queue, "old").version()).isEqualTo(CUSTOM.currentVersion());
    assertThat(storage.upsert(PushRequest.of(queue, NewTask.of("kept").in(Duration.ofHours(1)))).inserted())
        .containsExactly("kept");
    List<Task> picked = pick(queue, 10);
    assertThat(picked).extracting(Task::subject).containsExactlyInAnyOrder("new", "old");
    settleApplied(queue, Outcome.complete(Lease.of(picked.get(0))));
    settleApplied(queue, Outcome.reject(Lease.of(picked.get(1)), "new error", null, Duration.ofHours(1)));
    assertThat(errors(queue)).extracting(TaskError::message).containsExactly("new error");
    assertThat(maintain(queue, MaintenanceRequest.Job.PROMOTE, MaintenanceRequest.Job.RECOVER_ORPHANS))
        .isEqualTo(MaintenanceResult.NOTHING);
    assertThat(stats(queue).pushed()).isEqualTo(3);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aQueueCreatedAgainAfterDropStartsFromZero() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    push(queue, NewTask.of("t").payload("1"), NewTask.of("u"));
    settleApplied(queue, Outcome.reject(Lease.of(pick(queue, 1).get(0)), "x", null, Duration.ZERO));
    storage.dropQueue(queue);

    assertThat(storage.createQueue(queue, CUSTOM)).isTrue();

    assertThat(info(queue).orElseThrow().options()).isEqualTo(CUSTOM);
    assertThat(stats(queue)).isEqualTo(new QueueStats(queue, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(allTasks(queue)).isEmpty();
    assertThat(errors(queue)).isEmpty();
    assertThat(push(queue, NewTask.of("t").payload("2")).added()).containsExactly("t");
    assertThat(task(queue, "t").payload()).isEqualTo("2");
    assertThat(task(queue, "t").version()).isEqualTo(CUSTOM.currentVersion());
    assertThat(stats(queue).pushed()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void truncateEmptiesTheQueueZeroesItsCountersAndFreesItsSubjects() {
    String queue = newQueue(QueueOptions.defaults().maxAttempts(3));
    oneTaskInEachStatus(queue);
    settleApplied(queue, Outcome.reject(Lease.of(pickOnly(queue, "pending")), "x", null, Duration.ofHours(1)));

    long deleted = storage.truncateQueue(queue);

    assertThat(deleted).isEqualTo(5);
    assertThat(allTasks(queue)).isEmpty();
    assertThat(errors(queue)).isEmpty();
    assertThat(stats(queue)).isEqualTo(new QueueStats(queue, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(info(queue)).isPresent();
    assertThat(push(queue, NewTask.of("completed"), NewTask.of("active")).added())
        .containsExactlyInAnyOrder("completed", "active");
    assertThat(stats(queue).pushed()).isEqualTo(2);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void truncateOfAnEmptyQueueDeletesNothing() {
    String queue = newQueue();
    assertThat(storage.truncateQueue(queue)).isZero();
  }

  @Test
  void aHolderOfATruncatedTaskCannotSettleItsNewNamesake() {
    String queue = newQueue();
    push(queue, NewTask.of("t"));
    Task old = pickOnly(queue, "t");
    storage.truncateQueue(queue);
    push(queue, NewTask.of("t"));
    Task fresh = pickOnly(queue, "t");

    assertThat(fresh.lease()).as("a lease never repeats for a subject, even across a truncate").isNotEqualTo(old.lease());
    assertThat(settle(queue, Outcome.complete(Lease.of(old))).applied()).isZero();
    assertThat(task(queue, "t")).isEqualTo(fresh);
  }

  @Test
  void dropAndTruncateLeaveOtherQueuesAlone() {
    String dropped = newQueue();
    String truncated = newQueue();
    String bystander = newQueue();
    for (String q : List.of(dropped, truncated, bystander)) {
      push(q, NewTask.of("shared").payload("\"" + q + "\""), NewTask.of("own-" + q));
      settleApplied(q, Outcome.reject(Lease.of(pick(q, 1).get(0)), "err in " + q, null, Duration.ZERO));
    }
    QueueStats bystanderStats = stats(bystander);
    List<Task> bystanderTasks = allTasks(bystander);

    storage.dropQueue(dropped);
    storage.truncateQueue(truncated);

    assertThat(stats(bystander)).isEqualTo(bystanderStats);
    assertThat(allTasks(bystander)).isEqualTo(bystanderTasks);
    assertThat(task(bystander, "shared").payload()).isEqualTo("\"" + bystander + "\"");
    assertThat(errors(bystander)).hasSize(1);
    assertThat(info(bystander)).isPresent();
    assertCountersAgreeWithRows(bystander);
  }

  @Test
  void capabilitiesAreDeclared() {
    assertThat(storage.capabilities()).isNotNull();
  }
}
