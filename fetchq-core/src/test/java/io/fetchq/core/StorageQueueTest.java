package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.ThresholdPolicy;
import io.fetchq.postgres.PostgresStorageProvider;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.spi.TaskQuery;
import io.fetchq.tck.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@link StorageQueue} end to end on the real postgres backend, in a schema of its own that is
 * dropped afterwards: the four promises as a user of {@code Queue} sees them.
 */
class StorageQueueTest {
  private static final Duration LOCK = Duration.ofMinutes(1);

  private static String schema;
  private static Storage storage;

  @BeforeAll
  static void open() {
    TestDatabase.Info db = TestDatabase.get();
    schema = TestDatabase.newSchemaName("core_storage_queue");
    storage = new PostgresStorageProvider().open(StorageSettings.of(db.jdbcUrl(), db.user(), db.password()).schema(schema));
  }

  @AfterAll
  static void close() {
    try {
      if (storage != null) {
        storage.close();
      }
    } finally {
      if (schema != null) {
        TestDatabase.dropSchema(schema);
      }
    }
  }

  /** A new queue named after the test, with these options and policies. */
  private static StorageQueue queue(TestInfo test, QueueOptions options, RetryPolicy retry, ThresholdPolicy threshold) {
    String name = test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
    name = name.substring(0, Math.min(name.length(), 40));
    assertThat(storage.createQueue(name, options)).isTrue();
    return new StorageQueue(storage, name, retry, threshold);
  }

  private static StorageQueue queue(TestInfo test) {
    return queue(test, QueueOptions.defaults(), RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly());
  }

  @Test
  void pushIsUniquePickIsExclusiveAndCompleteEndsTheTask(TestInfo test) {
    StorageQueue heroes = queue(test);

    assertThat(heroes.push(NewTask.of("iron-man").payload("{\"url\":\"/iron-man\"}"))).isTrue();
    assertThat(heroes.push(NewTask.of("iron-man").payload("{\"url\":\"/other\"}"))).isFalse();

    List<Task> picked = heroes.pick(10, LOCK);
    assertThat(picked).singleElement().satisfies(t -> {
      assertThat(t.subject()).isEqualTo("iron-man");
      assertThat(t.payload()).isEqualTo("{\"url\":\"/iron-man\"}");
      assertThat(t.status()).isEqualTo(TaskStatus.ACTIVE);
      assertThat(t.attempts()).isEqualTo(1);
      assertThat(t.lease()).isPositive();
    });
    assertThat(heroes.pick(10, LOCK)).as("a held task is not handed out twice").isEmpty();

    assertThat(heroes.settle(picked.get(0), Action.complete().withPayload("{\"done\":true}"))).isTrue();

    assertThat(heroes.get("iron-man")).hasValueSatisfying(t -> {
      assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(t.payload()).isEqualTo("{\"done\":true}");
      assertThat(t.iterations()).isEqualTo(1);
    });
    assertThat(heroes.push(NewTask.of("iron-man"))).as("unique across every status").isFalse();
    QueueStats stats = heroes.stats();
    assertThat(stats.completed()).isEqualTo(1);
    assertThat(stats.pushed()).isEqualTo(1);
    assertThat(stats.picked()).isEqualTo(1);
    assertThat(stats.processed()).isEqualTo(1);
  }

  @Test
  void rejectRetriesUntilTheThresholdKills(TestInfo test) {
    StorageQueue heroes =
        queue(test, QueueOptions.defaults().maxAttempts(3), RetryPolicy.immediate(), ThresholdPolicy.attemptsOnly());
    heroes.push(NewTask.of("ghost"));

    for (int attempt = 1; attempt <= 3; attempt++) {
      List<Task> picked = heroes.pick(1, LOCK);
      assertThat(picked).as("pick %d", attempt).singleElement().extracting(Task::attempts).isEqualTo(attempt);
      assertThat(heroes.settle(picked.get(0), Action.reject("profile gone", "{\"status\":404}"))).isTrue();
      TaskStatus expected = attempt < 3 ? TaskStatus.PENDING : TaskStatus.KILLED;
      assertThat(heroes.get("ghost")).get().extracting(Task::status).as("after reject %d", attempt).isEqualTo(expected);
    }

    assertThat(heroes.pick(1, LOCK)).isEmpty();
    List<TaskError> errors = heroes.errors(10);
    assertThat(errors).hasSize(3).allSatisfy(e -> {
      assertThat(e.subject()).isEqualTo("ghost");
      assertThat(e.message()).isEqualTo("profile gone");
      assertThat(e.details()).contains("404");
    });
    assertThat(errors).extracting(TaskError::attempt).containsExactly(3, 2, 1);
    QueueStats stats = heroes.stats();
    assertThat(stats.killed()).isEqualTo(1);
    assertThat(stats.rejected()).isEqualTo(3);
    assertThat(stats.errors()).isEqualTo(3);
  }

  @Test
  void theRetryPolicyPlansTheNextAttempt(TestInfo test) {
    StorageQueue heroes =
        queue(test, QueueOptions.defaults(), RetryPolicy.fixed(Duration.ofHours(1)), ThresholdPolicy.attemptsOnly());
    heroes.push(NewTask.of("slow"));

    Task picked = heroes.pick(1, LOCK).get(0);
    Instant before = TestDatabase.now();
    assertThat(heroes.settle(picked, Action.reject("timeout"))).isTrue();

    Task planned = heroes.get("slow").orElseThrow();
    assertThat(planned.status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(planned.nextIteration()).isCloseTo(before.plus(Duration.ofHours(1)), within(1, ChronoUnit.MINUTES));
    assertThat(heroes.pick(1, LOCK)).isEmpty();
  }

  @Test
  void theThresholdPolicyKillsAtOnce(TestInfo test) {
    StorageQueue heroes =
        queue(
            test,
            QueueOptions.defaults().maxAttempts(5),
            RetryPolicy.immediate(),
            ThresholdPolicy.killWhen(f -> f.message().startsWith("404")));
    heroes.pushAll(List.of(NewTask.of("gone"), NewTask.of("busy")));

    Map<Task, Action> actions = new LinkedHashMap<>();
    for (Task task : heroes.pick(2, LOCK)) {
      actions.put(task, Action.reject(task.subject().equals("gone") ? "404 not found" : "503 busy"));
    }
    assertThat(heroes.settleAll(actions)).isEqualTo(2);

    assertThat(heroes.get("gone")).get().extracting(Task::status).isEqualTo(TaskStatus.KILLED);
    assertThat(heroes.get("busy")).get().extracting(Task::status).isEqualTo(TaskStatus.PENDING);
    assertThat(heroes.errors(10)).extracting(TaskError::message).containsExactlyInAnyOrder("404 not found", "503 busy");
  }

  @Test
  void rescheduleRunsTheTaskAgainAndForgetsItsAttempts(TestInfo test) {
    StorageQueue heroes = queue(test);
    heroes.push(NewTask.of("thor"));
    heroes.settle(heroes.pick(1, LOCK).get(0), Action.reject("flaky"));

    Task second = heroes.pick(1, LOCK).get(0);
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(heroes.settle(second, Action.reschedule(Duration.ZERO).withPayload("{\"round\":2}"))).isTrue();

    Task third = heroes.pick(1, LOCK).get(0);
    assertThat(third.attempts()).as("a reschedule is a success").isEqualTo(1);
    assertThat(third.payload()).isEqualTo("{\"round\":2}");
    assertThat(third.iterations()).isEqualTo(2);

    Instant before = TestDatabase.now();
    assertThat(heroes.settle(third, Action.reschedule(Duration.ofDays(2)))).isTrue();
    Task planned = heroes.get("thor").orElseThrow();
    assertThat(planned.status()).isEqualTo(TaskStatus.PLANNED);
    assertThat(planned.nextIteration()).isCloseTo(before.plus(Duration.ofDays(2)), within(1, ChronoUnit.MINUTES));
    assertThat(heroes.pick(1, LOCK)).isEmpty();
    assertThat(heroes.stats().rescheduled()).isEqualTo(2);
  }

  @Test
  void anExpiredLeaseSettlesNothing(TestInfo test) {
    StorageQueue heroes = queue(test);
    heroes.push(NewTask.of("hulk"));
    Task first = heroes.pick(1, Duration.ofMillis(200)).get(0);
    TestDatabase.awaitClockPast(first.nextIteration());
    storage.maintain(new MaintenanceRequest(heroes.name(), EnumSet.of(MaintenanceRequest.Job.RECOVER_ORPHANS), 100));

    Task second = heroes.pick(1, LOCK).get(0);
    assertThat(second.lease()).isNotEqualTo(first.lease());

    assertThat(heroes.settle(first, Action.complete())).as("the old holder is fenced off").isFalse();
    assertThat(heroes.get("hulk")).get().extracting(Task::status).isEqualTo(TaskStatus.ACTIVE);
    assertThat(heroes.settle(second, Action.complete())).isTrue();
    assertThat(heroes.get("hulk")).get().extracting(Task::status).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void killAndDropEndTheTask(TestInfo test) {
    StorageQueue heroes = queue(test);
    heroes.pushAll(List.of(NewTask.of("killed"), NewTask.of("dropped")));
    Map<Task, Action> actions = new LinkedHashMap<>();
    for (Task task : heroes.pick(2, LOCK)) {
      actions.put(task, task.subject().equals("killed") ? Action.kill("banned") : Action.drop());
    }

    assertThat(heroes.settleAll(actions)).isEqualTo(2);

    assertThat(heroes.get("killed")).get().extracting(Task::status).isEqualTo(TaskStatus.KILLED);
    assertThat(heroes.get("dropped")).isEmpty();
    assertThat(heroes.push(NewTask.of("dropped"))).as("a drop frees the subject").isTrue();
    assertThat(heroes.errors(10)).extracting(TaskError::message).containsExactly("banned");
  }

  @Test
  void appendedTasksSortAndRunInTheOrderTheyWereAppended(TestInfo test) {
    StorageQueue log = queue(test);
    List<String> subjects = IntStream.range(0, 50).mapToObj(i -> log.append("{\"n\":" + i + "}")).toList();

    assertThat(subjects).isSorted().doesNotHaveDuplicates();
    List<Task> stored = new ArrayList<>(log.tasks(TaskFilter.all().limit(100)).tasks());
    stored.sort(Comparator.comparing(Task::subject));
    assertThat(stored).extracting(Task::subject).containsExactlyElementsOf(subjects);
    assertThat(stored).extracting(Task::payload)
        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "{\"n\":" + i + "}").toList());
    assertThat(log.pick(50, LOCK)).extracting(Task::subject).containsExactlyElementsOf(subjects);
  }

  @Test
  void pushAllAddsOnlyNewSubjectsAndUpsertSparesAnActiveTask(TestInfo test) {
    StorageQueue heroes = queue(test);
    heroes.push(NewTask.of("a"));

    assertThat(heroes.pushAll(List.of(NewTask.of("a"), NewTask.of("b"), NewTask.of("c")))).isEqualTo(2);
    assertThat(heroes.stats().total()).isEqualTo(3);

    Task held = heroes.pick(1, LOCK).get(0);
    assertThat(heroes.upsert(NewTask.of(held.subject()).payload("[1]"))).isFalse();
    String other = held.subject().equals("b") ? "c" : "b";
    assertThat(heroes.upsert(NewTask.of(other).payload("[2]").priority(9))).isTrue();
    assertThat(heroes.get(other)).get().satisfies(t -> {
      assertThat(t.payload()).isEqualTo("[2]");
      assertThat(t.priority()).isEqualTo(9);
    });
    assertThat(heroes.upsert(NewTask.of("d"))).isTrue();
    assertThat(heroes.stats().total()).isEqualTo(4);
  }

  @Test
  void largeBatchesAreSplitAndAllArrive(TestInfo test) {
    StorageQueue bulk = queue(test);
    int count = StorageQueue.BATCH + 10;
    List<NewTask> tasks = IntStream.range(0, count).mapToObj(i -> NewTask.of(String.format("s%06d", i))).toList();

    assertThat(bulk.pushAll(tasks)).isEqualTo(count);
    assertThat(bulk.stats().pending()).isEqualTo(count);

    Map<Task, Action> actions = new LinkedHashMap<>();
    bulk.pick(StorageQueue.BATCH, LOCK).forEach(t -> actions.put(t, Action.complete()));
    bulk.pick(10, LOCK).forEach(t -> actions.put(t, Action.complete()));
    assertThat(bulk.settleAll(actions)).isEqualTo(count);
    assertThat(bulk.stats().completed()).isEqualTo(count);
  }
}
