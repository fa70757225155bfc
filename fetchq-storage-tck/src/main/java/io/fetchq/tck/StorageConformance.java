package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.spi.ErrorQuery;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.PushResult;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import io.fetchq.spi.TaskQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of every conformance class: opens the backend under test on a fresh schema of the test
 * database before the class and closes it and drops the schema after, gives each test its own
 * queue, and holds the helpers the areas share, above all {@link #assertCountersAgreeWithRows}.
 *
 * <p>A backend that needs no database ({@link StorageProvider#needsDatabase()} is false) is opened
 * with {@link StorageSettings#withoutDatabase()} on a fresh schema name instead, and the suite
 * never starts or touches a database for it: its clock is the system UTC clock, which such a
 * backend stores times by when its provider's no-arg constructor made it (see {@link #dbNow()}).
 *
 * <p>The areas of the contract are the abstract subclasses in this package, and a backend runs
 * them all, each on its own schema, through its one {@link ConformanceSuite}. A backend's own
 * tests of what it promises beyond the contract may extend this class directly and implement
 * {@link #provider()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StorageConformance {

  /** A lock no test outlives. */
  protected static final Duration LONG_LOCK = Duration.ofMinutes(10);
  /** A lock a test waits out on purpose. */
  protected static final Duration SHORT_LOCK = Duration.ofMillis(200);
  /** Slack for comparing instants stored by the backend with its clock read around a call. */
  protected static final Duration CLOCK_SLACK = Duration.ofMillis(20);

  private final AtomicInteger queueSequence = new AtomicInteger();

  /** The storage under test, open for the whole class. */
  protected Storage storage;
  /** The schema the storage lives in, dropped after the class (for a backend that needs a database). */
  protected String schema;
  /** The settings {@link #storage} was opened with. */
  private StorageSettings openedWith;

  /** The backend under test. */
  protected abstract StorageProvider provider();

  /**
   * The settings the storage is opened with; override to run the suite in another mode (for
   * example a JDBC URL with {@code preferQueryMode=simple}). {@code base} already names the test
   * database and a fresh schema with {@code MIGRATE}; for a backend that needs no database, it is
   * {@link StorageSettings#withoutDatabase()} with a fresh schema.
   */
  protected StorageSettings settings(StorageSettings base) {
    return base;
  }

  @BeforeAll
  final void openStorage() {
    schema = TestDatabase.newSchemaName(getClass().getSimpleName());
    StorageSettings base = (needsDatabase() ? testDatabase() : StorageSettings.withoutDatabase()).schema(schema);
    openedWith = settings(base);
    storage = provider().open(openedWith);
    assertThat(storage).as("%s.open(...)", provider().name()).isNotNull();
  }

  @AfterAll
  final void closeStorage() {
    try {
      if (storage != null) {
        storage.close();
      }
    } finally {
      storage = null;
      if (schema != null && needsDatabase()) {
        try (Connection c = connection()) {
          TestDatabase.dropSchema(c, schema);
        } catch (SQLException e) {
          throw new IllegalStateException("could not drop schema " + schema, e);
        }
      }
    }
  }

  /** Whether the backend under test needs a database: the suite reaches one only when it does. */
  protected final boolean needsDatabase() {
    return provider().needsDatabase();
  }

  /** Settings that name the test database, started on first use. */
  private static StorageSettings testDatabase() {
    TestDatabase.Info db = TestDatabase.get();
    return StorageSettings.of(db.jdbcUrl(), db.user(), db.password());
  }

  /**
   * A second storage on the same schema, as another process would open it, for changes this
   * storage must notice without having made them; the caller closes it.
   */
  protected Storage openAnother() {
    return provider().open(openedWith);
  }

  // ---------------------------------------------------------------- queues

  /** A new queue with the default options and a name no other test of the class uses. */
  protected String newQueue() {
    return newQueue(QueueOptions.defaults());
  }

  /** A new queue with these options and a name no other test of the class uses. */
  protected String newQueue(QueueOptions options) {
    String name = "q" + queueSequence.incrementAndGet();
    assertThat(storage.createQueue(name, options)).as("createQueue(%s) of a new name", name).isTrue();
    return name;
  }

  // ---------------------------------------------------------------- push and read

  protected PushResult push(String queue, NewTask... tasks) {
    return storage.push(new PushRequest(queue, List.of(tasks)));
  }

  protected PushResult push(String queue, List<NewTask> tasks) {
    return storage.push(new PushRequest(queue, tasks));
  }

  /** Pushes {@code count} due tasks named {@code prefix00000}, {@code prefix00001}... and checks they were added. */
  protected List<String> pushMany(String queue, String prefix, int count) {
    List<String> subjects = subjects(prefix, count);
    for (int from = 0; from < count; from += 10_000) {
      List<NewTask> batch = subjects.subList(from, Math.min(count, from + 10_000)).stream().map(NewTask::of).toList();
      assertThat(push(queue, batch).added()).hasSize(batch.size());
    }
    return subjects;
  }

  /** {@code prefix00000} ... in order. */
  protected static List<String> subjects(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> String.format("%s%05d", prefix, i)).toList();
  }

  /** The stored task, which must exist. */
  protected Task task(String queue, String subject) {
    return find(queue, subject).orElseThrow(() -> new AssertionError("no task " + subject + " in " + queue));
  }

  protected Optional<Task> find(String queue, String subject) {
    List<Task> found = storage.get(SubjectsRequest.of(queue, subject));
    assertThat(found).as("get(%s)", subject).hasSizeLessThanOrEqualTo(1);
    return found.stream().findFirst();
  }

  /** Every task of the queue, paged through {@link Storage#list} in small pages. */
  protected List<Task> allTasks(String queue) {
    return allTasks(queue, null);
  }

  /** Every task of the queue in one status (or all when null), paged through {@link Storage#list}. */
  protected List<Task> allTasks(String queue, TaskStatus status) {
    List<Task> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    TaskFilter filter = new TaskFilter(status, null, TaskFilter.Order.OLDEST_FIRST, null, TaskFilter.MAX_PAGE);
    while (true) {
      TaskPage page = storage.list(new TaskQuery(queue, filter));
      for (Task t : page.tasks()) {
        assertThat(seen.add(t.subject())).as("list() returned %s twice", t.subject()).isTrue();
        if (status != null) {
          assertThat(t.status()).as("list(status=%s) returned %s", status, t.subject()).isEqualTo(status);
        }
      }
      all.addAll(page.tasks());
      if (!page.hasNext()) {
        return all;
      }
      filter = filter.after(page.next());
    }
  }

  protected QueueStats stats(String queue) {
    return storage.stats(queue);
  }

  /** The whole error log of the queue, newest first. */
  protected List<TaskError> errors(String queue) {
    return storage.errors(ErrorQuery.of(queue, 50_000));
  }

  protected List<TaskError> errors(String queue, String subject) {
    return storage.errors(new ErrorQuery(queue, subject, 50_000));
  }

  // ---------------------------------------------------------------- pick, settle, maintain

  /** Picks up to {@code limit} tasks of the current version with a lock no test outlives. */
  protected List<Task> pick(String queue, int limit) {
    return pick(queue, limit, LONG_LOCK);
  }

  protected List<Task> pick(String queue, int limit, Duration lock) {
    return storage.pick(new PickRequest(queue, null, limit, lock));
  }

  /** Picks exactly one task, which must be {@code subject}. */
  protected Task pickOnly(String queue, String subject) {
    List<Task> picked = pick(queue, 1);
    assertThat(picked).extracting(Task::subject).as("pick(limit 1)").containsExactly(subject);
    return picked.get(0);
  }

  protected SettleResult settle(String queue, Outcome... outcomes) {
    return storage.settle(new SettleRequest(queue, List.of(outcomes)));
  }

  protected SettleResult settle(String queue, List<Outcome> outcomes) {
    return storage.settle(new SettleRequest(queue, outcomes));
  }

  /** Settles one outcome and checks it applied. */
  protected void settleApplied(String queue, Outcome outcome) {
    SettleResult result = settle(queue, outcome);
    assertThat(result.stale()).as("stale leases of a current outcome").isEmpty();
    assertThat(result.applied()).as("applied").isEqualTo(1);
  }

  protected MaintenanceResult maintain(String queue, MaintenanceRequest.Job... jobs) {
    Set<MaintenanceRequest.Job> set = jobs.length == 0
        ? EnumSet.noneOf(MaintenanceRequest.Job.class)
        : EnumSet.copyOf(Arrays.asList(jobs));
    return storage.maintain(new MaintenanceRequest(queue, set, 50_000));
  }

  protected static Lease lease(Task task) {
    return Lease.of(task);
  }

  /**
   * One task in each status, made through the SPI: {@code planned} (due in an hour), {@code
   * pending}, {@code active} (held with a long lock), {@code completed} and {@code killed}. Returns
   * them as stored, by status.
   */
  protected Map<TaskStatus, Task> oneTaskInEachStatus(String queue) {
    push(queue, NewTask.of("active").priority(3), NewTask.of("completed").priority(2), NewTask.of("killed").priority(1));
    Map<String, Task> picked = new LinkedHashMap<>();
    pick(queue, 3).forEach(t -> picked.put(t.subject(), t));
    assertThat(picked).containsOnlyKeys("active", "completed", "killed");
    settleApplied(queue, Outcome.complete(lease(picked.get("completed"))));
    settleApplied(queue, Outcome.kill(lease(picked.get("killed"))));
    push(queue, NewTask.of("pending"), NewTask.of("planned").in(Duration.ofHours(1)));
    Map<TaskStatus, Task> byStatus = new EnumMap<>(TaskStatus.class);
    for (String subject : List.of("planned", "pending", "active", "completed", "killed")) {
      Task t = task(queue, subject);
      byStatus.put(t.status(), t);
    }
    assertThat(byStatus).containsOnlyKeys(TaskStatus.values());
    return byStatus;
  }

  // ---------------------------------------------------------------- checks

  /**
   * The status counters of {@link Storage#stats} equal the number of rows in each status, derived
   * from the rows listed through the SPI, and so does the total.
   */
  protected void assertCountersAgreeWithRows(String queue) {
    List<Task> rows = allTasks(queue);
    Map<TaskStatus, Long> counted = new EnumMap<>(TaskStatus.class);
    for (TaskStatus status : TaskStatus.values()) {
      counted.put(status, 0L);
    }
    rows.forEach(t -> counted.merge(t.status(), 1L, Long::sum));
    QueueStats stats = stats(queue);
    Map<TaskStatus, Long> reported = new EnumMap<>(TaskStatus.class);
    for (TaskStatus status : TaskStatus.values()) {
      reported.put(status, stats.count(status));
    }
    assertThat(reported).as("stats(%s) status counters against the rows listed", queue).isEqualTo(counted);
    assertThat(stats.total()).as("stats(%s).total()", queue).isEqualTo(rows.size());
    assertThat(stats.queue()).isEqualTo(queue);
  }

  /** Asserts that {@code actual} lies in {@code [from, to]}, give or take {@link #CLOCK_SLACK}. */
  protected static void assertInstantBetween(String what, Instant actual, Instant from, Instant to) {
    assertThat(actual).as(what).isNotNull();
    assertThat(actual).as(what).isBetween(from.minus(CLOCK_SLACK), to.plus(CLOCK_SLACK));
  }

  /**
   * A new connection to the database the storage under test was opened on (which {@link
   * #settings} may have changed), as its owner, for set-up and checks. The caller closes it.
   *
   * @throws IllegalStateException when the backend {@linkplain #needsDatabase() needs no database}:
   *     there is none to connect to
   */
  protected final Connection connection() throws SQLException {
    if (!needsDatabase()) {
      throw new IllegalStateException(provider().name() + " needs no database: there is none to connect to");
    }
    if (openedWith.dataSource() != null) {
      return openedWith.dataSource().getConnection();
    }
    return DriverManager.getConnection(openedWith.jdbcUrl(), openedWith.user(), openedWith.password());
  }

  /**
   * The clock the backend stores times by: the database clock, or for a backend that needs no
   * database the system UTC clock (see the class comment).
   */
  protected Instant dbNow() {
    return clock().now();
  }

  /** Waits until the backend's clock is past the lock of each task. */
  protected void awaitLockExpiry(List<Task> tasks) {
    tasks.stream().map(Task::nextIteration).max(Instant::compareTo).ifPresent(this::awaitClockPast);
  }

  /** Waits until the backend's clock is past {@code instant}. */
  protected void awaitClockPast(Instant instant) {
    clock().awaitPast(instant);
  }

  private BackendClock clock() {
    return needsDatabase() ? BackendClock.DATABASE : BackendClock.SYSTEM;
  }
}
