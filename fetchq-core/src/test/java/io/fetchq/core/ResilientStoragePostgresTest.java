package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.StorageException;
import io.fetchq.Task;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.postgres.PostgresStorageProvider;
import io.fetchq.spi.Lease;
import io.fetchq.spi.MaintenanceRequest;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.StorageSettings;
import io.fetchq.spi.TaskQuery;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ResilientStorage} over the real postgres backend while another thread keeps killing the
 * connections of the backend's pool: every task pushed is still completed exactly once and the
 * queue's counters agree. Only the connections of this test's own pool are killed: its JDBC URL
 * gives them an application name no other connection has.
 */
class ResilientStoragePostgresTest {
  private static final Logger LOG = LoggerFactory.getLogger(ResilientStoragePostgresTest.class);
  private static final String QUEUE = "heroes";
  private static final int BATCHES = 25;
  private static final int BATCH = 40;
  private static final int TOTAL = BATCHES * BATCH;
  private static final Duration LOCK = Duration.ofMillis(500);
  private static final PickRequest PICK_ALL = PickRequest.of(QUEUE, 100, Duration.ofMinutes(1));
  private static final long KILL_EVERY_MIN_MS = Long.getLong("killMin", 20);
  private static final long KILL_EVERY_MAX_MS = Long.getLong("killMax", 80);
  private static final String KILL_POOL =
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
          + " AND usename = current_user AND application_name = ?";

  private final List<String> schemas = new ArrayList<>();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private String applicationName;
  private ResilientStorage storage;

  /** Settings quick enough for a test: retries 5 to 50 ms apart, a breaker open for 100 ms. */
  private static ResilienceSettings settings() {
    return ResilienceSettings.defaults()
        .retryBetween(Duration.ofMillis(5), Duration.ofMillis(50))
        .maxAttempts(6)
        .openWait(Duration.ofMillis(100));
  }

  /** A fresh schema, dropped after the test. */
  private String newSchema() {
    String schema = TestDatabase.newSchemaName("resilient");
    schemas.add(schema);
    return schema;
  }

  /** The postgres backend on its own pool, whose connections carry a name no other connection has. */
  private ResilientStorage openPooled(ResilienceSettings settings) {
    TestDatabase.Info db = TestDatabase.get();
    String schema = newSchema();
    applicationName = "fetchq_test_" + schema;
    String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
    ResilientStorage resilient =
        new ResilientStorage(
            new PostgresStorageProvider()
                .open(StorageSettings.of(url, db.user(), db.password()).schema(schema).poolSize(4)),
            settings);
    opened.add(resilient);
    return resilient;
  }

  @AfterEach
  void closeAndDrop() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    schemas.forEach(TestDatabase::dropSchema);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyPushedTaskIsCompletedExactlyOnceWhileThePoolsConnectionsAreKilled() throws Exception {
    storage = openPooled(settings());
    storage.createQueue(QUEUE, QueueOptions.defaults().maxAttempts(1_000).lock(LOCK));
    List<ResilientStorage.StateChange> changes = new CopyOnWriteArrayList<>();
    storage.addStateListener(changes::add);
    Map<String, AtomicInteger> appliedBySubject = new ConcurrentHashMap<>();
    AtomicInteger failedCalls = new AtomicInteger();
    AtomicBoolean killing = new AtomicBoolean(true);
    AtomicBoolean working = new AtomicBoolean(true);
    AtomicInteger killed = new AtomicInteger();
    List<Throwable> threadFailures = new CopyOnWriteArrayList<>();

    Thread killer = new Thread(() -> killConnections(killing, killed), "connection-killer");
    List<Thread> workers =
        IntStream.range(0, 2)
            .mapToObj(i -> new Thread(() -> work(working, appliedBySubject, failedCalls), "worker-" + i))
            .toList();
    killer.setUncaughtExceptionHandler((t, e) -> threadFailures.add(e));
    workers.forEach(w -> w.setUncaughtExceptionHandler((t, e) -> threadFailures.add(e)));
    killer.start();
    workers.forEach(Thread::start);

    // push while connections die; a batch whose push failed is pushed again (push never overwrites)
    List<List<NewTask>> unconfirmed = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      int first = b * BATCH;
      unconfirmed.add(IntStream.range(first, first + BATCH).mapToObj(i -> NewTask.of("hero_" + i)).toList());
      pushAll(unconfirmed, failedCalls);
      Thread.sleep(40);
    }
    killing.set(false);
    killer.join();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!unconfirmed.isEmpty() && System.nanoTime() < deadline) {
      pushAll(unconfirmed, failedCalls);
    }
    try {
      await("every task completed")
          .atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> storage.stats(QUEUE).completed() >= TOTAL);
    } finally {
      working.set(false);
      for (Thread worker : workers) {
        worker.join();
      }
    }
    QueueStats stats = storage.stats(QUEUE);
    LOG.info(
        "killed {} connections; {} calls retried, {} calls failed after retries or fast; the breaker opened {}"
            + " times ({} changes); {}",
        killed.get(), storage.retriedCalls(), failedCalls.get(),
        changes.stream().filter(c -> c.to() == ResilientStorage.State.OPEN).count(), changes.size(), stats);

    // the test did cut connections under the storage, and the storage rode over it
    assertThat(threadFailures).isEmpty();
    assertThat(killed.get()).isPositive();
    assertThat(storage.retriedCalls() + changes.size()).isPositive();
    assertThat(unconfirmed).isEmpty();
    // the breaker's reported changes are a chain that ends closed
    ResilientStorage.State previous = ResilientStorage.State.CLOSED;
    for (ResilientStorage.StateChange change : changes) {
      assertThat(change.from()).isEqualTo(previous);
      previous = change.to();
    }
    assertThat(previous).isEqualTo(ResilientStorage.State.CLOSED);
    assertThat(storage.state()).isEqualTo(ResilientStorage.State.CLOSED);

    // every task is there once, completed
    List<Task> tasks = allTasks();
    assertThat(tasks).hasSize(TOTAL);
    assertThat(tasks).allSatisfy(t -> assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED));
    Set<String> expected = new HashSet<>();
    IntStream.range(0, TOTAL).forEach(i -> expected.add("hero_" + i));
    assertThat(tasks.stream().map(Task::subject)).containsExactlyInAnyOrderElementsOf(expected);

    // settled exactly once: one applied outcome per task, whatever retries reported
    assertThat(stats.pushed()).isEqualTo(TOTAL);
    assertThat(stats.completed()).isEqualTo(TOTAL);
    assertThat(stats.processed()).isEqualTo(TOTAL);
    assertThat(stats.planned() + stats.pending() + stats.active() + stats.killed()).isZero();
    assertThat(stats.picked()).isEqualTo(stats.processed() + stats.orphaned());
    assertThat(stats.errors()).isEqualTo(stats.orphaned());
    assertThat(appliedBySubject.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(appliedBySubject.keySet()).isSubsetOf(expected);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void failsFastWhileTheDatabaseRefusesConnectionsAndRecoversWhenItIsBack() throws Exception {
    TestDatabase.Info db = TestDatabase.get();
    RefusingDataSource dataSource = new RefusingDataSource();
    dataSource.setURL(db.jdbcUrl());
    dataSource.setUser(db.user());
    dataSource.setPassword(db.password());
    ResilientStorage resilient =
        new ResilientStorage(
            new PostgresStorageProvider().open(StorageSettings.of(dataSource).schema(newSchema())),
            settings().maxAttempts(3).window(5, 5).failureRatePercent(100).openWait(Duration.ofMillis(200)));
    opened.add(resilient);
    List<String> changes = new CopyOnWriteArrayList<>();
    resilient.addStateListener(c -> changes.add(c.from() + "->" + c.to()));
    resilient.createQueue(QUEUE, QueueOptions.defaults());
    resilient.push(new PushRequest(QUEUE, IntStream.range(0, 10).mapToObj(i -> NewTask.of("hero_" + i)).toList()));

    dataSource.refusing = true;
    // 3 attempts fail, then 2 more: the window of 5 holds failures only and the breaker opens
    StorageException first = catchThrowableOfType(StorageException.class, () -> resilient.pick(PICK_ALL));
    assertThat(first).isNotInstanceOf(DatabaseUnavailableException.class);
    assertThat(first.isTransient()).isTrue();
    assertThat(first.sqlState()).isEqualTo("08001");
    DatabaseUnavailableException unavailable =
        catchThrowableOfType(DatabaseUnavailableException.class, () -> resilient.pick(PICK_ALL));
    assertThat(dataSource.connects.get()).isEqualTo(5);
    assertThat(unavailable.getCause()).isInstanceOf(StorageException.class);
    assertThat(((StorageException) unavailable.getCause()).sqlState()).isEqualTo("08001");
    assertThat(resilient.available()).isFalse();

    // while open, calls fail fast without asking for a connection
    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> resilient.stats(QUEUE)).isInstanceOf(DatabaseUnavailableException.class);
    }
    assertThat(dataSource.connects.get()).isEqualTo(5);

    dataSource.refusing = false;
    assertThat(resilient.awaitAvailable(Duration.ofSeconds(5))).isTrue();
    List<Task> picked = resilient.pick(PICK_ALL);
    assertThat(picked).hasSize(10);
    assertThat(resilient.state()).isEqualTo(ResilientStorage.State.CLOSED);
    SettleResult settled =
        resilient.settle(new SettleRequest(QUEUE, picked.stream().map(t -> Outcome.complete(Lease.of(t))).toList()));
    assertThat(settled.applied()).isEqualTo(10);
    assertThat(resilient.stats(QUEUE).completed()).isEqualTo(10);
    assertThat(changes).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  /** A data source without a pool that refuses connections, as a server that is down, while told to. */
  static final class RefusingDataSource extends PGSimpleDataSource {
    volatile boolean refusing;
    final AtomicInteger connects = new AtomicInteger();

    @Override
    public Connection getConnection() throws SQLException {
      return getConnection(getUser(), getPassword());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      if (refusing) {
        connects.incrementAndGet();
        throw new SQLException("Connection to the test database refused (the test says it is down)", "08001");
      }
      return super.getConnection(user, password);
    }
  }

  /** Pushes each unconfirmed batch once; drops from the list the batches whose push returned. */
  private void pushAll(List<List<NewTask>> unconfirmed, AtomicInteger failedCalls) throws InterruptedException {
    for (var it = unconfirmed.iterator(); it.hasNext(); ) {
      List<NewTask> batch = it.next();
      try {
        storage.push(new PushRequest(QUEUE, batch));
        it.remove();
      } catch (StorageException e) {
        failedCalls.incrementAndGet();
        pauseAfter(e);
        return;
      }
    }
  }

  /** Picks, completes and runs maintenance until told to stop, riding over failures. */
  private void work(AtomicBoolean working, Map<String, AtomicInteger> appliedBySubject, AtomicInteger failedCalls) {
    try {
      int idle = 0;
      while (working.get()) {
        try {
          List<Task> picked = storage.pick(PickRequest.of(QUEUE, BATCH, LOCK));
          if (picked.isEmpty()) {
            if (++idle % 5 == 0) {
              storage.maintain(MaintenanceRequest.all(QUEUE, 1_000));
            }
            Thread.sleep(10);
            continue;
          }
          List<Outcome> outcomes = picked.stream().map(t -> Outcome.complete(Lease.of(t))).toList();
          SettleResult result = storage.settle(new SettleRequest(QUEUE, outcomes));
          Set<Lease> stale = new HashSet<>(result.stale());
          for (Outcome outcome : outcomes) {
            if (!stale.contains(outcome.lease())) {
              appliedBySubject.computeIfAbsent(outcome.lease().subject(), s -> new AtomicInteger()).incrementAndGet();
            }
          }
        } catch (StorageException e) {
          failedCalls.incrementAndGet();
          pauseAfter(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the database after the breaker refused a call; rethrows what is not a database failure. */
  private void pauseAfter(StorageException failure) throws InterruptedException {
    if (!failure.isTransient()) {
      throw failure;
    }
    if (failure instanceof DatabaseUnavailableException) {
      storage.awaitAvailable(Duration.ofSeconds(2));
    }
  }

  /** Kills every connection of this test's pool every 20 to 80 ms while {@code killing}. */
  private void killConnections(AtomicBoolean killing, AtomicInteger killed) {
    try (Connection admin = TestDatabase.connection();
        PreparedStatement kill = admin.prepareStatement(KILL_POOL)) {
      kill.setString(1, applicationName);
      while (killing.get()) {
        Thread.sleep(ThreadLocalRandom.current().nextLong(KILL_EVERY_MIN_MS, KILL_EVERY_MAX_MS));
        try (ResultSet r = kill.executeQuery()) {
          r.next();
          killed.addAndGet(r.getInt(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the killer lost its own connection", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<Task> allTasks() {
    List<Task> all = new ArrayList<>();
    TaskFilter filter = TaskFilter.all().limit(500);
    while (true) {
      TaskPage page = storage.list(new TaskQuery(QUEUE, filter));
      all.addAll(page.tasks());
      if (!page.hasNext()) {
        return all;
      }
      filter = filter.after(page.next());
    }
  }
}
