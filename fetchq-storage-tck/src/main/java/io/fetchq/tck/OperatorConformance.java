package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.CancelResult;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.QueueInfo;
import io.fetchq.QueueNotFoundException;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.spi.CancelRequest;
import io.fetchq.spi.ExtendRequest;
import io.fetchq.spi.MaintenanceRequest.Job;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.TaskQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The operator's commands: list a queue's tasks by status or subject prefix in either order, page
 * by page; retry finished tasks; run planned tasks now; cancel tasks (killed, dropped, or a running
 * one marked so that its outcome is refused); pause a queue; cap its ACTIVE tasks across every
 * picker. Each is one statement that keeps the counters equal to the rows.
 */
abstract class OperatorConformance extends StorageConformance {

  private TaskPage list(String queue, TaskFilter filter) {
    return storage.list(new TaskQuery(queue, filter));
  }

  private List<String> subjectsOf(TaskPage page) {
    return page.tasks().stream().map(Task::subject).toList();
  }

  /** Every task of the listing, page after page of {@code pageSize}. */
  private List<Task> everyPage(String queue, TaskFilter filter, int pageSize) {
    List<Task> all = new ArrayList<>();
    TaskFilter next = filter.limit(pageSize);
    for (int pages = 0; pages < 1_000; pages++) {
      TaskPage page = list(queue, next);
      assertThat(page.tasks()).as("a page").hasSizeLessThanOrEqualTo(pageSize);
      all.addAll(page.tasks());
      if (!page.hasNext()) {
        return all;
      }
      assertThat(page.tasks()).as("a page followed by another is full").hasSize(pageSize);
      next = next.after(page.next());
    }
    throw new AssertionError("paging did not end");
  }

  private void kill(String queue, Task picked) {
    settleApplied(queue, Outcome.kill(lease(picked), "broken", null));
  }

  // ---------------------------------------------------------------- list

  @Test
  void listsByStatusInTheOrderOfItsTimeBothWaysAndPageByPage() {
    String queue = newQueue();
    int[] minutes = {30, 10, 50, 20, 40, 10, 60};
    for (int i = 0; i < minutes.length; i++) {
      push(queue, NewTask.of("p" + i).in(Duration.ofMinutes(minutes[i])));
    }
    push(queue, NewTask.of("due"));
    List<Task> planned = allTasks(queue, TaskStatus.PLANNED);
    List<String> expected = planned.stream()
        .sorted(Comparator.comparing(Task::nextIteration).thenComparing(Task::subject))
        .map(Task::subject).toList();

    List<Task> oldest = everyPage(queue, TaskFilter.status(TaskStatus.PLANNED), 2);
    List<Task> newest = everyPage(queue, TaskFilter.status(TaskStatus.PLANNED).newestFirst(), 3);

    assertThat(oldest).extracting(Task::subject).containsExactlyElementsOf(expected);
    assertThat(newest).extracting(Task::subject).containsExactlyElementsOf(reversed(expected));
    assertThat(oldest).allMatch(t -> t.status() == TaskStatus.PLANNED);
    TaskPage exact = list(queue, TaskFilter.status(TaskStatus.PLANNED).limit(7));
    assertThat(exact.tasks()).hasSize(7);
    assertThat(exact.hasNext()).as("a page holding the last task has no next").isFalse();
    assertThat(list(queue, TaskFilter.status(TaskStatus.KILLED)).tasks()).isEmpty();
  }

  @Test
  void listsPendingTasksInTheOrderWorkersPickThemBothWaysAndPageByPage() {
    String queue = newQueue();
    Instant now = Instant.now();
    int n = 0;
    for (int version : new int[] {1, 0, 2}) {
      for (int priority : new int[] {0, 5, -3}) {
        for (int minutes : new int[] {30, 10, 10, 20}) {
          push(queue, NewTask.of("v" + version + "p" + priority + "-" + n++).version(version).priority(priority)
              .at(now.minus(Duration.ofMinutes(minutes))));
        }
      }
    }
    List<String> expected = allTasks(queue, TaskStatus.PENDING).stream()
        .sorted(Comparator.comparingInt(Task::version)
            .thenComparing(Comparator.comparingInt(Task::priority).reversed())
            .thenComparing(Task::nextIteration)
            .thenComparing(Task::subject))
        .map(Task::subject).toList();
    assertThat(expected).hasSize(36);

    for (int pageSize : new int[] {1, 2, 5, 36}) {
      assertThat(everyPage(queue, TaskFilter.status(TaskStatus.PENDING), pageSize)).extracting(Task::subject)
          .as("oldest first, pages of %d", pageSize).containsExactlyElementsOf(expected);
      assertThat(everyPage(queue, TaskFilter.status(TaskStatus.PENDING).newestFirst(), pageSize))
          .extracting(Task::subject).as("newest first, pages of %d", pageSize)
          .containsExactlyElementsOf(reversed(expected));
    }
    List<String> version0 = expected.stream().filter(s -> s.startsWith("v0")).toList();
    assertThat(everyPage(queue, TaskFilter.status(TaskStatus.PENDING).subjectPrefix("v0"), 2))
        .extracting(Task::subject).containsExactlyElementsOf(version0);
    // the first page is what workers of version 0 pick next
    Task next = pick(queue, 1).get(0);
    assertThat(next.subject()).isEqualTo(expected.get(0));
  }

  @Test
  void listsKilledAndCompletedTasksByTheEndOfTheirLastRun() {
    String queue = newQueue();
    push(queue, NewTask.of("a"), NewTask.of("b"), NewTask.of("c"), NewTask.of("d"));
    for (String subject : List.of("c", "a", "d")) {
      Task picked = pickOnlyAmong(queue, subject);
      kill(queue, picked);
    }
    Task b = pickOnlyAmong(queue, "b");
    settleApplied(queue, Outcome.complete(lease(b)));

    assertThat(subjectsOf(list(queue, TaskFilter.status(TaskStatus.KILLED)))).containsExactly("c", "a", "d");
    assertThat(subjectsOf(list(queue, TaskFilter.status(TaskStatus.KILLED).newestFirst()))).containsExactly("d", "a", "c");
    assertThat(subjectsOf(list(queue, TaskFilter.status(TaskStatus.COMPLETED)))).containsExactly("b");
  }

  /** Picks the one due task {@code subject}, pushing the others aside by priority. */
  private Task pickOnlyAmong(String queue, String subject) {
    Task t = task(queue, subject);
    storage.upsert(io.fetchq.spi.PushRequest.of(queue, NewTask.of(subject).priority(100)));
    Task picked = pick(queue, 1).get(0);
    assertThat(picked.subject()).isEqualTo(t.subject());
    return picked;
  }

  @Test
  void withoutAStatusListsInSubjectOrderByteByByte() {
    String queue = newQueue();
    List<String> subjects = List.of("b", "a", "B", "é", "z", "a-1", "a1", "Z", "😀");
    subjects.forEach(s -> push(queue, NewTask.of(s)));
    List<String> codePointOrder = subjects.stream().sorted(OperatorConformance::compareCodePoints).toList();

    assertThat(everyPage(queue, TaskFilter.all(), 4)).extracting(Task::subject).containsExactlyElementsOf(codePointOrder);
    assertThat(everyPage(queue, TaskFilter.all().newestFirst(), 2)).extracting(Task::subject)
        .containsExactlyElementsOf(reversed(codePointOrder));
  }

  private static List<String> reversed(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  private static int compareCodePoints(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  @Test
  void aSubjectPrefixFindsExactlyTheSubjectsThatStartWithIt() {
    String queue = newQueue();
    List<String> subjects = List.of("hero", "hero-1", "hero-2", "heroé", "hero\uDBFF\uDFFF", "hero\uDBFF\uDFFFx",
        "her", "herp", "herO", "hera", "h", "\uDBFF\uDFFF", "\uDBFF\uDFFFa", "zz");
    subjects.forEach(s -> push(queue, NewTask.of(s)));
    Task killed = pickOnlyAmong(queue, "hero-2");
    kill(queue, killed);

    for (String prefix : List.of("hero", "her", "hero-", "h", "\uDBFF\uDFFF", "hero\uDBFF\uDFFF", "x", "heroé")) {
      List<String> expected = subjects.stream().filter(s -> s.startsWith(prefix))
          .sorted(OperatorConformance::compareCodePoints).toList();
      assertThat(everyPage(queue, TaskFilter.all().subjectPrefix(prefix), 2)).extracting(Task::subject)
          .as("prefix %s", prefix).containsExactlyElementsOf(expected);
    }
    assertThat(subjectsOf(list(queue, TaskFilter.status(TaskStatus.PENDING).subjectPrefix("hero-"))))
        .containsExactly("hero-1");
    assertThat(subjectsOf(list(queue, TaskFilter.status(TaskStatus.KILLED).subjectPrefix("hero"))))
        .containsExactly("hero-2");
  }

  @Test
  void aPageFollowsItsCursorWhateverWasAddedBeforeIt() {
    String queue = newQueue();
    pushMany(queue, "m", 6);
    TaskPage first = list(queue, TaskFilter.all().limit(3));
    assertThat(subjectsOf(first)).containsExactly("m00000", "m00001", "m00002");

    push(queue, NewTask.of("a-new-one"), NewTask.of("m00001x"));
    TaskPage second = list(queue, TaskFilter.all().limit(3).after(first.next()));

    assertThat(subjectsOf(second)).containsExactly("m00003", "m00004", "m00005");
    assertThat(second.hasNext()).isFalse();
  }

  @Test
  void aCursorOfAnotherListingIsRefused() {
    String queue = newQueue();
    pushMany(queue, "c", 3);
    TaskPage page = list(queue, TaskFilter.status(TaskStatus.PENDING).limit(1));

    assertThatThrownBy(() -> list(queue, TaskFilter.status(TaskStatus.PLANNED).after(page.next())))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("after"));
    assertThatThrownBy(() -> list(queue, TaskFilter.all().after("garbage")))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("after"));
  }

  // ---------------------------------------------------------------- retry and run now

  @Test
  void retryMakesKilledAndCompletedTasksPendingNowWithAttemptsBackToZero() {
    String queue = newQueue();
    push(queue, NewTask.of("k").payload("{\"keep\":1}"));
    Task k = pick(queue, 1).get(0);
    settleApplied(queue, Outcome.reject(lease(k), "first", null, Duration.ZERO));
    k = pick(queue, 1).get(0);
    kill(queue, k);
    assertThat(task(queue, "k").attempts()).isEqualTo(2);
    Map<TaskStatus, Task> each = oneTaskInEachStatus(queue);
    Instant before = dbNow();

    List<String> retried = storage.retry(new SubjectsRequest(queue,
        List.of("k", "planned", "pending", "active", "completed", "killed", "missing")));

    assertThat(retried).containsExactlyInAnyOrder("k", "completed", "killed");
    for (String subject : retried) {
      Task t = task(queue, subject);
      assertThat(t.status()).as(subject).isEqualTo(TaskStatus.PENDING);
      assertThat(t.attempts()).as(subject).isZero();
      assertInstantBetween("due time of " + subject, t.nextIteration(), before, dbNow());
    }
    assertThat(task(queue, "k").payload()).isEqualTo("{\"keep\":1}");
    assertThat(task(queue, "planned")).isEqualTo(each.get(TaskStatus.PLANNED));
    assertThat(task(queue, "active")).isEqualTo(each.get(TaskStatus.ACTIVE));
    assertThat(storage.retry(SubjectsRequest.of(queue, "k"))).as("a pending task is not retried").isEmpty();
    assertCountersAgreeWithRows(queue);
    assertThat(pick(queue, 10)).extracting(Task::subject).contains("k", "completed", "killed");
  }

  @Test
  void retryKilledTakesBoundedBatchesUntilNoneIsLeft() {
    String queue = newQueue();
    pushMany(queue, "k", 25);
    push(queue, NewTask.of("done"));
    for (Task t : pick(queue, 26)) {
      settleApplied(queue, t.subject().equals("done") ? Outcome.complete(lease(t)) : Outcome.kill(lease(t)));
    }

    assertThat(storage.retryKilled(queue, 10)).isEqualTo(10);
    assertThat(stats(queue).killed()).isEqualTo(15);
    assertThat(storage.retryKilled(queue, 10)).isEqualTo(10);
    assertThat(storage.retryKilled(queue, 10)).isEqualTo(5);
    assertThat(storage.retryKilled(queue, 10)).isZero();

    assertThat(allTasks(queue, TaskStatus.PENDING)).hasSize(25);
    assertThat(task(queue, "done").status()).isEqualTo(TaskStatus.COMPLETED);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void runNowMakesPlannedTasksDueAndLeavesTheOthers() {
    String queue = newQueue();
    Map<TaskStatus, Task> each = oneTaskInEachStatus(queue);
    push(queue, NewTask.of("later").in(Duration.ofDays(3)));
    Instant before = dbNow();

    List<String> moved = storage.runNow(new SubjectsRequest(queue,
        List.of("planned", "later", "pending", "active", "completed", "killed", "missing")));

    assertThat(moved).containsExactlyInAnyOrder("planned", "later");
    assertThat(task(queue, "later").status()).isEqualTo(TaskStatus.PENDING);
    assertInstantBetween("due time", task(queue, "later").nextIteration(), before, dbNow());
    for (TaskStatus status : List.of(TaskStatus.PENDING, TaskStatus.ACTIVE, TaskStatus.COMPLETED, TaskStatus.KILLED)) {
      Task t = each.get(status);
      assertThat(task(queue, t.subject())).as(status.name()).isEqualTo(t);
    }
    assertCountersAgreeWithRows(queue);
    assertThat(pick(queue, 10)).extracting(Task::subject).contains("planned", "later");
  }

  // ---------------------------------------------------------------- cancel

  @Test
  void cancelKillsWaitingTasksMarksRunningOnesAndLogsTheReason() {
    String queue = newQueue();
    Map<TaskStatus, Task> each = oneTaskInEachStatus(queue);
    long errorsBefore = stats(queue).errors();

    CancelResult result = storage.cancel(new CancelRequest(queue,
        List.of("planned", "pending", "active", "completed", "killed", "missing"), "customer left", false));

    assertThat(result.killed()).containsExactlyInAnyOrder("planned", "pending");
    assertThat(result.dropped()).isEmpty();
    assertThat(result.marked()).containsExactly("active");
    assertThat(task(queue, "planned").status()).isEqualTo(TaskStatus.KILLED);
    assertThat(task(queue, "pending").status()).isEqualTo(TaskStatus.KILLED);
    assertThat(task(queue, "completed")).isEqualTo(each.get(TaskStatus.COMPLETED));
    Task active = task(queue, "active");
    assertThat(active.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(active.isCancelled()).isTrue();
    assertThat(active.lease()).isEqualTo(-each.get(TaskStatus.ACTIVE).lease());
    List<TaskError> logged = errors(queue).stream().filter(e -> e.message().equals("cancelled: customer left")).toList();
    assertThat(logged).extracting(TaskError::subject).containsExactlyInAnyOrder("planned", "pending", "active");
    assertThat(stats(queue).errors()).isEqualTo(errorsBefore + 3);
    assertCountersAgreeWithRows(queue);
    assertThat(list(queue, TaskFilter.status(TaskStatus.KILLED).subjectPrefix("p")).tasks()).hasSize(2);
  }

  @Test
  void cancelWithDropDeletesEveryTaskThatIsNotRunningAndFreesItsSubject() {
    String queue = newQueue();
    oneTaskInEachStatus(queue);

    CancelResult result = storage.cancel(new CancelRequest(queue,
        List.of("planned", "pending", "active", "completed", "killed"), "wrong data", true));

    assertThat(result.dropped()).containsExactlyInAnyOrder("planned", "pending", "completed", "killed");
    assertThat(result.marked()).containsExactly("active");
    assertThat(allTasks(queue)).extracting(Task::subject).containsExactly("active");
    assertThat(errors(queue)).filteredOn(e -> e.message().equals("cancelled: wrong data")).hasSize(5);
    assertCountersAgreeWithRows(queue);
    assertThat(push(queue, NewTask.of("completed")).added()).containsExactly("completed");
  }

  @Test
  void theOutcomeOfACancelledRunIsRefusedAndTheTaskKilledNeverRetried() {
    String queue = newQueue();
    push(queue, NewTask.of("run").payload("{\"v\":1}"), NewTask.of("other"));
    List<Task> held = pick(queue, 2);
    Task run = held.stream().filter(t -> t.subject().equals("run")).findFirst().orElseThrow();
    storage.cancel(new CancelRequest(queue, List.of("run"), "stop", false));
    long processed = stats(queue).processed();

    assertThat(storage.extend(new ExtendRequest(queue, List.of(lease(run)), LONG_LOCK)))
        .as("a cancelled run's lock is not extended").isEmpty();
    SettleResult result = settle(queue,
        Outcome.reschedule(lease(run), Duration.ZERO).withPayload("{\"v\":2}"),
        Outcome.complete(lease(held.stream().filter(t -> t.subject().equals("other")).findFirst().orElseThrow())));

    assertThat(result.stale()).containsExactly(lease(run));
    assertThat(result.applied()).isEqualTo(1);
    Task killed = task(queue, "run");
    assertThat(killed.status()).isEqualTo(TaskStatus.KILLED);
    assertThat(killed.payload()).isEqualTo("{\"v\":1}");
    assertThat(killed.attempts()).isEqualTo(run.attempts());
    assertThat(stats(queue).processed()).as("a refused outcome is not processed").isEqualTo(processed + 1);
    assertThat(errors(queue, "run")).extracting(TaskError::message).containsExactly("cancelled: stop");
    assertThat(pick(queue, 5)).isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aCancelledRunWhoseHolderNeverComesBackIsKilledWhenItsLockExpires() {
    String queue = newQueue();
    push(queue, NewTask.of("lost"));
    List<Task> held = pick(queue, 1, SHORT_LOCK);
    storage.cancel(new CancelRequest(queue, List.of("lost"), "stop", false));
    awaitLockExpiry(held);

    assertThat(maintain(queue, Job.RECOVER_ORPHANS).killed()).isEqualTo(1);

    assertThat(task(queue, "lost").status()).as("killed although attempts are below the threshold")
        .isEqualTo(TaskStatus.KILLED);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aReleasedOrDroppedCancelledRunEndsKilledToo() {
    String queue = newQueue();
    push(queue, NewTask.of("given-back"), NewTask.of("dropped"));
    List<Task> held = pick(queue, 2);
    storage.cancel(new CancelRequest(queue, List.of("given-back", "dropped"), "stop", false));

    SettleResult result = settle(queue, held.stream()
        .map(t -> t.subject().equals("dropped") ? Outcome.drop(lease(t)) : Outcome.release(lease(t))).toList());

    assertThat(result.applied()).isZero();
    assertThat(allTasks(queue)).extracting(Task::status).containsOnly(TaskStatus.KILLED).hasSize(2);
    assertCountersAgreeWithRows(queue);
  }

  // ---------------------------------------------------------------- pause

  @Test
  void aPausedQueueHandsOutNothingWhilePushesStillLand() {
    String queue = newQueue();
    pushMany(queue, "t", 5);

    storage.pause(queue, true);

    assertThat(storage.queues()).filteredOn(q -> q.name().equals(queue)).extracting(QueueInfo::paused).containsExactly(true);
    assertThat(pick(queue, 10)).isEmpty();
    assertThat(storage.pick(new PickRequest(queue, 0, 10, LONG_LOCK))).as("with an explicit version").isEmpty();
    assertThat(push(queue, NewTask.of("more")).added()).containsExactly("more");
    assertThat(stats(queue).pending()).isEqualTo(6);

    storage.pause(queue, false);

    assertThat(storage.queues()).filteredOn(q -> q.name().equals(queue)).extracting(QueueInfo::paused).containsExactly(false);
    assertThat(pick(queue, 10)).hasSize(6);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void pausingAQueueThatDoesNotExistFails() {
    assertThatThrownBy(() -> storage.pause("never_made", true)).isInstanceOf(QueueNotFoundException.class);
  }

  @Test
  void pausingOneQueueLeavesTheOthersWorking() {
    String paused = newQueue();
    String other = newQueue();
    pushMany(paused, "a", 2);
    pushMany(other, "b", 2);

    storage.pause(paused, true);

    assertThat(pick(other, 5)).hasSize(2);
    assertThat(pick(paused, 5)).isEmpty();
  }

  // ---------------------------------------------------------------- max active

  @Test
  void maxActiveCapsWhatPicksHoldAndChangesAtRunTime() {
    String queue = newQueue(QueueOptions.defaults().maxActive(3));
    pushMany(queue, "t", 10);

    List<Task> first = pick(queue, 10);
    assertThat(first).hasSize(3);
    assertThat(pick(queue, 10)).as("no room left").isEmpty();

    settleApplied(queue, Outcome.complete(lease(first.get(0))));
    assertThat(pick(queue, 10)).as("room for one").hasSize(1);

    storage.updateQueue(queue, QueueOptions.defaults().maxActive(5));
    assertThat(pick(queue, 10)).hasSize(2);

    storage.updateQueue(queue, QueueOptions.defaults().maxActive(1));
    assertThat(pick(queue, 10)).as("already above a lowered limit").isEmpty();

    storage.updateQueue(queue, QueueOptions.defaults());
    assertThat(pick(queue, 10)).as("no limit").hasSize(4);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aCancelledRunStillCountsAgainstMaxActiveUntilItEnds() {
    String queue = newQueue(QueueOptions.defaults().maxActive(1));
    pushMany(queue, "t", 2);
    Task held = pick(queue, 5).get(0);
    storage.cancel(new CancelRequest(queue, List.of(held.subject()), "stop", false));

    assertThat(pick(queue, 5)).isEmpty();
    settle(queue, Outcome.complete(lease(held)));

    assertThat(pick(queue, 5)).hasSize(1);
  }

  /**
   * Many pickers at once never hold more than the limit together. Each counts what it holds from
   * when its pick returned until just before it settles, a subset of what the database holds as
   * ACTIVE at that moment; the sum over pickers must never pass the limit.
   */
  @Test
  void manyPickersTogetherNeverExceedMaxActive() {
    int limit = 4;
    String queue = newQueue(QueueOptions.defaults().maxActive(limit));
    pushMany(queue, "t", 600);
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();

    Concurrently.run(8, Duration.ofMinutes(3), worker -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (done.get() < 600) {
        List<Task> picked = pick(queue, 1 + random.nextInt(3));
        if (picked.isEmpty()) {
          Thread.sleep(1);
          continue;
        }
        int now = holding.addAndGet(picked.size());
        most.accumulateAndGet(now, Math::max);
        assertThat(now).as("tasks held by all pickers at once").isLessThanOrEqualTo(limit);
        assertThat(stats(queue).active()).as("ACTIVE tasks counted").isLessThanOrEqualTo(limit);
        Thread.sleep(random.nextInt(3));
        // released before the settle: the database may hand the tasks out again as soon as it commits
        holding.addAndGet(-picked.size());
        settle(queue, picked.stream().map(t -> Outcome.complete(lease(t))).toList());
        done.addAndGet(picked.size());
      }
    });

    assertThat(stats(queue).completed()).isEqualTo(600);
    assertThat(most.get()).as("pickers held tasks at the same time").isBetween(2, limit);
    assertCountersAgreeWithRows(queue);
  }
}
