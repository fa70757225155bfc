package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.Action;
import io.fetchq.Failure;
import io.fetchq.FetchqException;
import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.ThresholdPolicy;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.SettleRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What {@link StorageQueue} asks of its storage: the requests and outcomes it sends, checked with a recording fake. */
class StorageQueueRequestsTest {
  private static final Duration RETRY = Duration.ofSeconds(30);
  private static final Instant AT = Instant.parse("2031-02-03T04:05:06Z");

  private final RecordingStorage storage = new RecordingStorage();
  private final StorageQueue queue =
      new StorageQueue(storage, "heroes", RetryPolicy.fixed(RETRY), ThresholdPolicy.attemptsOnly());

  private static Task picked(String subject, int attempts, long lease) {
    return new Task("heroes", subject, null, 0, 0, TaskStatus.ACTIVE, attempts, 0, Instant.EPOCH, null, Instant.EPOCH, lease);
  }

  @Nested
  class Settle {
    private final Task task = picked("iron-man", 1, 17);
    private final Lease lease = new Lease("iron-man", 17);

    private Outcome settled(Action action) {
      assertThat(queue.settle(task, action)).isTrue();
      assertThat(storage.received(SettleRequest.class)).singleElement().extracting(SettleRequest::queue).isEqualTo("heroes");
      return storage.outcomes().get(0);
    }

    @Test
    void completeCompletesWithTheLease() {
      assertThat(settled(Action.complete())).isEqualTo(Outcome.complete(lease));
    }

    @Test
    void completeCarriesTheNewPayload() {
      assertThat(settled(Action.complete().withPayload("{\"done\":true}")))
          .isEqualTo(Outcome.complete(lease, "{\"done\":true}"));
    }

    @Test
    void rescheduleByDelayKeepsTheDelay() {
      assertThat(settled(Action.reschedule(Duration.ofDays(2)))).isEqualTo(Outcome.reschedule(lease, Duration.ofDays(2)));
    }

    @Test
    void rescheduleAtAnInstantKeepsTheInstant() {
      assertThat(settled(Action.reschedule(AT).withPayload("[2]")))
          .isEqualTo(Outcome.reschedule(lease, AT).withPayload("[2]"));
    }

    @Test
    void killWithoutMessageIsAPlainKill() {
      assertThat(settled(Action.kill())).isEqualTo(Outcome.kill(lease));
    }

    @Test
    void killWithMessageIsLogged() {
      assertThat(settled(Action.kill("banned"))).isEqualTo(Outcome.kill(lease, "banned", null));
    }

    @Test
    void dropDrops() {
      assertThat(settled(Action.drop())).isEqualTo(Outcome.drop(lease));
    }

    @Test
    void rejectIsRetriedAfterTheRetryPolicysDelay() {
      assertThat(settled(Action.reject("timeout", "{\"ms\":500}")))
          .isEqualTo(Outcome.reject(lease, "timeout", "{\"ms\":500}", RETRY));
    }

    @Test
    void rejectAsksTheRetryPolicyWithTheTasksAttempts() {
      List<Integer> asked = new ArrayList<>();
      StorageQueue counting =
          new StorageQueue(
              storage,
              "heroes",
              attempts -> {
                asked.add(attempts);
                return Duration.ofMinutes(attempts);
              },
              ThresholdPolicy.attemptsOnly());

      counting.settle(picked("a", 3, 5), Action.reject("no"));

      assertThat(asked).containsExactly(3);
      assertThat(storage.outcomes()).containsExactly(Outcome.reject(new Lease("a", 5), "no", null, Duration.ofMinutes(3)));
    }

    @Test
    void rejectThatTheThresholdPolicyKillsBecomesAKillWithTheSameMessage() {
      List<Failure> seen = new ArrayList<>();
      StorageQueue strict =
          new StorageQueue(
              storage,
              "heroes",
              RetryPolicy.fixed(RETRY),
              ThresholdPolicy.killWhen(f -> seen.add(f) && f.message().startsWith("404")));

      assertThat(strict.settle(task, Action.reject("404 gone", "{\"url\":\"/x\"}"))).isTrue();
      assertThat(strict.settle(picked("thor", 1, 18), Action.reject("503 busy"))).isTrue();

      assertThat(storage.outcomes())
          .containsExactly(
              Outcome.kill(lease, "404 gone", "{\"url\":\"/x\"}"),
              Outcome.reject(new Lease("thor", 18), "503 busy", null, RETRY));
      assertThat(seen).containsExactly(new Failure("404 gone", "{\"url\":\"/x\"}", null), new Failure("503 busy", null, null));
    }

    @Test
    void rejectIsNeverKilledByKillOnSinceAReturnedRejectHasNoCause() {
      StorageQueue strict =
          new StorageQueue(storage, "heroes", RetryPolicy.immediate(), ThresholdPolicy.killOn(Exception.class));

      strict.settle(task, Action.reject("IOException"));

      assertThat(storage.outcomes()).containsExactly(Outcome.reject(lease, "IOException", null, Duration.ZERO));
    }

    @Test
    void aThrownFailureMeetsKillOn() {
      ActionOutcomes outcomes = new ActionOutcomes(RetryPolicy.immediate(), ThresholdPolicy.killOn(IOException.class));

      assertThat(outcomes.failed(task, new Failure("disk", null, new IOException("disk"))))
          .isEqualTo(Outcome.kill(lease, "disk", null));
      assertThat(outcomes.failed(task, new Failure("state", null, new IllegalStateException())))
          .isEqualTo(Outcome.reject(lease, "state", null, Duration.ZERO));
    }

    @Test
    void aStaleLeaseSettlesNothing() {
      storage.stale.add("iron-man");

      assertThat(queue.settle(task, Action.complete())).isFalse();
    }

    @Test
    void refusesATaskOfAnotherQueueOrNeverPicked() {
      Task other = new Task("villains", "loki", null, 0, 0, TaskStatus.ACTIVE, 1, 0, Instant.EPOCH, null, Instant.EPOCH, 3);
      Task unpicked = picked("x", 0, 0);

      assertRefused("task", "of queue villains, not of heroes", () -> queue.settle(other, Action.complete()));
      assertRefused("lease", "between 1 and", () -> queue.settle(unpicked, Action.complete()));
      assertRefused("task", "must not be null", () -> queue.settle(null, Action.complete()));
      assertRefused("action", "must not be null", () -> queue.settle(task, null));
      assertThat(storage.requests).isEmpty();
    }

    @Test
    void settleAllSendsOneRequestWithEveryOutcome() {
      Map<Task, Action> actions = new LinkedHashMap<>();
      actions.put(picked("a", 1, 1), Action.complete());
      actions.put(picked("b", 2, 2), Action.reject("x"));
      actions.put(picked("c", 1, 3), Action.drop());
      storage.stale.add("c");

      assertThat(queue.settleAll(actions)).isEqualTo(2);

      assertThat(storage.received(SettleRequest.class)).hasSize(1);
      assertThat(storage.outcomes())
          .containsExactly(
              Outcome.complete(new Lease("a", 1)),
              Outcome.reject(new Lease("b", 2), "x", null, RETRY),
              Outcome.drop(new Lease("c", 3)));
    }

    @Test
    void settleAllOfNothingAsksNothing() {
      assertThat(queue.settleAll(Map.of())).isZero();
      assertThat(storage.requests).isEmpty();
    }

    @Test
    void settleAllSplitsBatchesLargerThanTheStorageTakes() {
      Map<Task, Action> actions = new HashMap<>();
      IntStream.range(0, StorageQueue.BATCH + 1).forEach(i -> actions.put(picked("s" + i, 1, i + 1), Action.complete()));

      assertThat(queue.settleAll(actions)).isEqualTo(StorageQueue.BATCH + 1);

      assertThat(storage.received(SettleRequest.class))
          .extracting(r -> r.outcomes().size())
          .containsExactly(StorageQueue.BATCH, 1);
    }

    @Test
    void settleAllRefusesBadEntriesBeforeSettlingAny() {
      Map<Task, Action> twice = new LinkedHashMap<>();
      twice.put(picked("a", 1, 1), Action.complete());
      twice.put(picked("a", 2, 2), Action.complete());
      Map<Task, Action> nullAction = new HashMap<>();
      nullAction.put(picked("a", 1, 1), null);
      Map<Task, Action> foreign = new LinkedHashMap<>();
      foreign.put(picked("a", 1, 1), Action.complete());
      foreign.put(new Task("other", "b", null, 0, 0, TaskStatus.ACTIVE, 1, 0, Instant.EPOCH, null, Instant.EPOCH, 2), Action.complete());

      assertRefused("actions", "\"a\" appears twice", () -> queue.settleAll(twice));
      assertRefused("actions", "must not contain null", () -> queue.settleAll(nullAction));
      assertRefused("actions", "of queue other", () -> queue.settleAll(foreign));
      assertRefused("actions", "must not be null", () -> queue.settleAll(null));
      assertThat(storage.requests).isEmpty();
    }
  }

  @Nested
  class Push {
    @Test
    void pushSendsOneTaskAndSaysWhetherItWasAdded() {
      assertThat(queue.push(NewTask.of("iron-man").priority(3))).isTrue();
      assertThat(queue.push(NewTask.of("iron-man"))).isFalse();

      assertThat(storage.received(PushRequest.class))
          .containsExactly(PushRequest.of("heroes", NewTask.of("iron-man").priority(3)), PushRequest.of("heroes", NewTask.of("iron-man")));
    }

    @Test
    void pushAllSendsOneRequestUpToTheBatchSize() {
      List<NewTask> tasks = IntStream.range(0, StorageQueue.BATCH).mapToObj(i -> NewTask.of("s" + i)).toList();

      assertThat(queue.pushAll(tasks)).isEqualTo(StorageQueue.BATCH);
      assertThat(storage.received(PushRequest.class)).singleElement().satisfies(r -> assertThat(r.tasks()).isEqualTo(tasks));
    }

    @Test
    void pushAllSplitsLargerListsInOrderAndCountsWhatWasAdded() {
      storage.stored.put("s7", NewTask.of("s7"));
      List<NewTask> tasks = IntStream.range(0, 2 * StorageQueue.BATCH + 3).mapToObj(i -> NewTask.of("s" + i)).toList();

      assertThat(queue.pushAll(tasks)).isEqualTo(tasks.size() - 1);

      List<PushRequest> sent = storage.received(PushRequest.class);
      assertThat(sent).extracting(r -> r.tasks().size()).containsExactly(StorageQueue.BATCH, StorageQueue.BATCH, 3);
      assertThat(sent.stream().flatMap(r -> r.tasks().stream()).toList()).isEqualTo(tasks);
    }

    @Test
    void pushAllOfNothingAsksNothing() {
      assertThat(queue.pushAll(List.of())).isZero();
      assertThat(storage.requests).isEmpty();
    }

    @Test
    void pushAllRefusesANullBeforePushingAny() {
      List<NewTask> tasks = new ArrayList<>(IntStream.range(0, StorageQueue.BATCH + 5).mapToObj(i -> NewTask.of("s" + i)).toList());
      tasks.set(StorageQueue.BATCH + 2, null);

      assertRefused("tasks", "must not contain null", () -> queue.pushAll(tasks));
      assertRefused("tasks", "must not be null", () -> queue.pushAll(null));
      assertThat(storage.requests).isEmpty();
    }

    @Test
    void upsertIsFalseOnlyWhenTheTaskIsActive() {
      storage.active.add("busy");

      assertThat(queue.upsert(NewTask.of("new"))).isTrue();
      assertThat(queue.upsert(NewTask.of("new").payload("{}"))).isTrue();
      assertThat(queue.upsert(NewTask.of("busy"))).isFalse();
      assertThat(storage.received(PushRequest.class)).hasSize(3).allSatisfy(r -> assertThat(r.queue()).isEqualTo("heroes"));
    }

    @Test
    void refusesNullTasks() {
      assertRefused("task", "must not be null", () -> queue.push(null));
      assertRefused("task", "must not be null", () -> queue.upsert(null));
      assertThat(storage.requests).isEmpty();
    }
  }

  @Nested
  class Append {
    @Test
    void appendPushesTheValidatedPayloadUnderAGeneratedSubject() {
      String subject = queue.append("{\"n\":1}");

      assertThat(subject).matches("[0-9a-f]{33}");
      assertThat(storage.received(PushRequest.class))
          .containsExactly(PushRequest.of("heroes", NewTask.of(subject).payload("{\"n\":1}")));
    }

    @Test
    void appendedSubjectsSortInTheOrderTheyWereAppended() {
      List<String> subjects = IntStream.range(0, 2000).mapToObj(i -> queue.append("[" + i + "]")).toList();

      assertThat(subjects).isSorted().doesNotHaveDuplicates();
      assertThat(storage.received(PushRequest.class))
          .extracting(r -> r.tasks().get(0).payload())
          .containsExactlyElementsOf(IntStream.range(0, 2000).mapToObj(i -> "[" + i + "]").toList());
    }

    @Test
    void appendTakesTheNextSubjectWhenOneIsTaken() {
      Clock frozen = Clock.fixed(Instant.ofEpochMilli(0x18f00000000L), ZoneOffset.UTC);
      StorageQueue fixed =
          new StorageQueue(storage, "heroes", RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly(), new TimeOrderedSubjects(frozen, () -> 1));
      String taken = String.format("%013x%04x%016x", 0x18f00000000L, 0, 1);
      storage.stored.put(taken, NewTask.of(taken));

      String subject = fixed.append("{}");

      assertThat(subject).isEqualTo(String.format("%013x%04x%016x", 0x18f00000000L, 1, 1));
      assertThat(storage.received(PushRequest.class)).hasSize(2);
    }

    @Test
    void appendGivesUpAfterThreeTakenSubjects() {
      Clock frozen = Clock.fixed(Instant.ofEpochMilli(5), ZoneOffset.UTC);
      StorageQueue fixed =
          new StorageQueue(storage, "heroes", RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly(), new TimeOrderedSubjects(frozen, () -> 0));
      for (int counter = 0; counter < 3; counter++) {
        String subject = String.format("%013x%04x%016x", 5, counter, 0);
        storage.stored.put(subject, NewTask.of(subject));
      }

      assertThatThrownBy(() -> fixed.append("{}"))
          .isInstanceOf(FetchqException.class)
          .hasMessageContaining("append to queue heroes");
    }

    @Test
    void appendRefusesAPayloadThatIsNotJson() {
      assertRefused("payload", "must be valid JSON", () -> queue.append("{oops}"));
      assertRefused("payload", "must not be null", () -> queue.append(null));
      assertThat(storage.requests).isEmpty();
    }
  }

  @Nested
  class Reads {
    @Test
    void pickAsksForTheQueuesCurrentVersion() {
      Task task = picked("a", 1, 9);
      storage.toPick = List.of(task);

      assertThat(queue.pick(10, Duration.ofMinutes(1))).containsExactly(task);
      assertThat(storage.received(PickRequest.class))
          .containsExactly(new PickRequest("heroes", null, 10, Duration.ofMinutes(1)));
    }

    @Test
    void pickRefusesABadLimitOrLock() {
      assertRefused("limit", "between 1 and 50000", () -> queue.pick(0, Duration.ofMinutes(1)));
      assertRefused("lock", "must be between", () -> queue.pick(1, Duration.ZERO));
      assertRefused("lock", "must not be null", () -> queue.pick(1, null));
      assertThat(storage.requests).isEmpty();
    }

    @Test
    void getReadsOneSubject() {
      queue.push(NewTask.of("a").payload("[1]"));

      assertThat(queue.get("a")).hasValueSatisfying(t -> assertThat(t.payload()).isEqualTo("[1]"));
      assertThat(queue.get("b")).isEmpty();
      assertThat(storage.received(SubjectsRequest.class)).containsExactly(SubjectsRequest.of("heroes", "a"), SubjectsRequest.of("heroes", "b"));
      assertRefused("subject", "must not be empty", () -> queue.get(""));
    }

    @Test
    void statsAndErrorsNameTheQueue() {
      assertThat(queue.stats().queue()).isEqualTo("heroes");
      assertThat(queue.errors(5)).hasSize(1);
      assertThat(storage.requests).containsExactly("stats heroes", ErrorQuery.of("heroes", 5));
      assertRefused("limit", "between 1 and 50000", () -> queue.errors(0));
    }
  }

  @Test
  void refusesABadQueueNameOrMissingParts() {
    assertRefused("queue", "must match", () -> new StorageQueue(storage, "Heroes", RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly()));
    assertRefused("queue", "must not be null", () -> new StorageQueue(storage, null, RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly()));
    assertRefused("storage", "must not be null", () -> new StorageQueue(null, "q", RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly()));
    assertRefused("retryPolicy", "must not be null", () -> new StorageQueue(storage, "q", null, ThresholdPolicy.attemptsOnly()));
    assertRefused("thresholdPolicy", "must not be null", () -> new StorageQueue(storage, "q", RetryPolicy.immediate(), null));
    assertThat(queue.name()).isEqualTo("heroes");
  }

  /** Asserts {@code call} is refused as bad input naming {@code field}, with a rule containing {@code rule}. */
  static void assertRefused(String field, String rule, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.rule()).contains(rule);
            });
  }
}
