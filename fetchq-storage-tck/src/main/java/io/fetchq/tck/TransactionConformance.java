package io.fetchq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fetchq.InvalidArgumentException;
import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.SubjectsRequest;
import io.fetchq.spi.Notifications;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.SettleResult;
import io.fetchq.spi.TaskStore;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Task operations in a caller's transaction ({@code Storage.on(Connection)}), branching on {@code
 * Capabilities.transactions()}: what the caller commits is visible and counted, what it rolls back
 * leaves no trace in tasks, counters or error log; two transactions pushing one subject add it
 * once; a stale lease is refused inside the transaction; the connection is never committed, rolled
 * back, closed or switched to auto-commit by the storage, and one in auto-commit mode is refused;
 * a wake-up sent in the transaction is heard only when it commits.
 */
abstract class TransactionConformance extends StorageConformance {

  private boolean declared() {
    return storage.capabilities().transactions();
  }

  /** A connection to the test database with a transaction open on it (auto-commit off). */
  private Connection transaction() throws SQLException {
    Connection connection = connection();
    connection.setAutoCommit(false);
    return connection;
  }

  @Test
  void aBackendThatDeclaresNoTransactionsRefusesToJoinOne() throws SQLException {
    assumeThat(declared()).as("the backend declares transactions").isFalse();
    try (Connection c = needsDatabase() ? transaction() : connectionToNoDatabase()) {
      assertThatThrownBy(() -> storage.on(c)).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  /**
   * For a backend that needs no database: a connection with a transaction open (auto-commit off)
   * that reaches no database; anything else asked of it fails.
   */
  private static Connection connectionToNoDatabase() {
    return (Connection) Proxy.newProxyInstance(TransactionConformance.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getAutoCommit", "isClosed" -> false;
          case "close" -> null;
          case "toString" -> "a connection to no database";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new SQLException("a connection to no database cannot " + method.getName());
        });
  }

  @Test
  void aPushTakesEffectWhenTheCallerCommitsAndIsCountedThen() throws SQLException {
    assumeThat(declared()).as("the backend declares transactions").isTrue();
    String queue = newQueue();
    try (Connection c = transaction()) {
      TaskStore tx = storage.on(c);
      assertThat(tx.push(new PushRequest(queue, List.of(NewTask.of("order-1").payload("{\"n\":1}"), NewTask.of("order-2"))))
          .added()).containsExactlyInAnyOrder("order-1", "order-2");

      assertThat(tx.get(SubjectsRequest.of(queue, "order-1"))).as("the transaction sees its own task").hasSize(1);
      assertThat(tx.stats(queue).pending()).as("and its own counters").isEqualTo(2);
      assertThat(find(queue, "order-1")).as("others do not see it before the commit").isEmpty();
      assertThat(stats(queue).pushed()).as("nor count it").isZero();

      c.commit();
      assertThat(c.getAutoCommit()).as("auto-commit is left off").isFalse();
    }
    assertThat(task(queue, "order-1").payload()).isEqualTo("{\"n\":1}");
    assertThat(stats(queue).pushed()).isEqualTo(2);
    assertThat(stats(queue).pending()).isEqualTo(2);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aRollbackLeavesNoTraceInTasksCountersOrErrorLog() throws SQLException {
    assumeThat(declared()).as("the backend declares transactions").isTrue();
    String queue = newQueue(QueueOptions.defaults().maxAttempts(5));
    push(queue, NewTask.of("held"));
    Task held = pickOnly(queue, "held");
    push(queue, NewTask.of("kept").payload("{\"v\":1}"));
    QueueStats before = stats(queue);
    try (Connection c = transaction()) {
      TaskStore tx = storage.on(c);
      tx.push(new PushRequest(queue, List.of(NewTask.of("new-1"), NewTask.of("new-2").in(Duration.ofHours(1)))));
      tx.upsert(new PushRequest(queue, List.of(NewTask.of("kept").payload("{\"v\":2}"), NewTask.of("new-3"))));
      SettleResult settled = tx.settle(SettleRequest.of(queue,
          Outcome.reject(lease(held), "failed inside the caller's transaction", null, Duration.ZERO)));
      assertThat(settled.applied()).isEqualTo(1);
      assertThat(tx.stats(queue).errors()).as("the transaction counts its own error").isEqualTo(before.errors() + 1);
      c.rollback();
    }
    assertThat(stats(queue)).as("the counters, as before the transaction").isEqualTo(before);
    assertThat(allTasks(queue)).extracting(Task::subject).containsExactlyInAnyOrder("held", "kept");
    assertThat(task(queue, "kept").payload()).isEqualTo("{\"v\":1}");
    Task stillHeld = task(queue, "held");
    assertThat(stillHeld.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(stillHeld.lease()).as("the run still holds its lease").isEqualTo(held.lease());
    assertThat(errors(queue)).as("no error log entry").isEmpty();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void anOutcomeAppliedInTheCallersTransactionCommitsWithItsOwnWrites() throws SQLException {
    assumeThat(declared()).as("the backend declares transactions").isTrue();
    String queue = newQueue();
    push(queue, NewTask.of("invoice-7"));
    Task run = pickOnly(queue, "invoice-7");
    String table = ownTable();
    try (Connection c = transaction()) {
      insertOwnRow(c, table, "invoice-7 sent");
      SettleResult settled = storage.on(c).settle(SettleRequest.of(queue, Outcome.complete(lease(run), "{\"sent\":true}")));
      assertThat(settled.applied()).isEqualTo(1);
      assertThat(task(queue, "invoice-7").status()).as("still ACTIVE for others until the commit").isEqualTo(TaskStatus.ACTIVE);
      c.commit();
    }
    assertThat(ownRows(table)).containsExactly("invoice-7 sent");
    Task done = task(queue, "invoice-7");
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.payload()).isEqualTo("{\"sent\":true}");
    assertThat(settle(queue, Outcome.complete(lease(run))).applied()).as("the run is settled once").isZero();
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void aStaleLeaseIsRefusedInsideTheTransactionAndTheCallersWritesRollBackWithIt() throws SQLException {
    assumeThat(declared()).as("the backend declares transactions").isTrue();
    String queue = newQueue();
    push(queue, NewTask.of("invoice-8"));
    Task first = pick(queue, 1, SHORT_LOCK).get(0);
    awaitLockExpiry(List.of(first));
    maintain(queue, io.fetchq.spi.MaintenanceRequest.Job.RECOVER_ORPHANS);
    Task second = pickOnly(queue, "invoice-8");
    assertThat(second.lease()).isNotEqualTo(first.lease());
    String table = ownTable();
    try (Connection c = transaction()) {
      insertOwnRow(c, table, "invoice-8 sent twice");
      SettleResult settled = storage.on(c).settle(SettleRequest.of(queue, Outcome.complete(lease(first))));
      assertThat(settled.applied()).isZero();
      assertThat(settled.stale()).containsExactly(lease(first));
      c.rollback();
    }
    assertThat(ownRows(table)).isEmpty();
    Task now = task(queue, "invoice-8");
    assertThat(now.status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(now.lease()).as("the new holder's run is untouched").isEqualTo(second.lease());
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void twoTransactionsPushingOneSubjectAddItOnce() throws Exception {
    assertTheSecondOfTwoPushesWaits(true);
  }

  @Test
  void whenTheFirstOfTwoTransactionsRollsBackTheSecondAddsTheSubject() throws Exception {
    assertTheSecondOfTwoPushesWaits(false);
  }

  /**
   * Transaction a pushes subject "same", then b pushes it too and waits for a; when a commits, b
   * reports it not added and a's task stays; when a rolls back, b adds it.
   */
  private void assertTheSecondOfTwoPushesWaits(boolean firstCommits) throws Exception {
    assumeThat(declared()).as("the backend declares transactions").isTrue();
    String queue = newQueue();
    try (Connection a = transaction(); Connection b = transaction()) {
      assertThat(pushSame(a, queue, "a")).containsExactly("same");
      CompletableFuture<List<String>> second = CompletableFuture.supplyAsync(() -> pushSame(b, queue, "b"));
      Thread.sleep(300);
      assertThat(second).as("the second waits for the first").isNotDone();
      if (firstCommits) {
        a.commit();
      } else {
        a.rollback();
      }
      assertThat(second.get(10, TimeUnit.SECONDS)).as("the second's push once the first ended")
          .isEqualTo(firstCommits ? List.of() : List.of("same"));
      b.commit();
    }
    assertThat(task(queue, "same").payload()).isEqualTo(firstCommits ? "{\"by\":\"a\"}" : "{\"by\":\"b\"}");
    assertThat(stats(queue).pushed()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  private List<String> pushSame(Connection connection, String queue, String by) {
    return storage.on(connection)
        .push(new PushRequest(queue, List.of(NewTask.of("same").payload("{\"by\":\"" + by + "\"}")))).added();
  }

  @Test
  void theConnectionIsLeftAsTheCallerHadIt() throws SQLException {
    assumeThat(declared()).as("the backend declares transactions").isTrue();
    String queue = newQueue();
    String table = ownTable();
    try (Connection c = transaction()) {
      // for this transaction only: a session-wide level (Connection.setTransactionIsolation outside a
      // transaction) would outlive the test on a server connection a pooler hands to others
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      }
      insertOwnRow(c, table, "before");
      TaskStore tx = storage.on(c);
      tx.push(new PushRequest(queue, List.of(NewTask.of("a"))));
      tx.upsert(new PushRequest(queue, List.of(NewTask.of("a").payload("{}"), NewTask.of("b"))));
      tx.get(SubjectsRequest.of(queue, "a"));
      tx.stats(queue);
      assertThat(c.isClosed()).isFalse();
      assertThat(c.getAutoCommit()).isFalse();
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
      assertThat(ownRows(table)).as("nothing was committed").isEmpty();
      c.rollback();
    }
    assertThat(ownRows(table)).isEmpty();
    assertThat(allTasks(queue)).isEmpty();
  }

  @Test
  void aConnectionInAutoCommitModeIsRefusedBeforeAnythingIsWritten() throws SQLException {
    assumeThat(declared()).as("the backend declares transactions").isTrue();
    String queue = newQueue();
    try (Connection c = connection()) {
      assertThat(c.getAutoCommit()).isTrue();
      assertThatThrownBy(() -> storage.on(c)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("connection").hasMessageContaining("auto-commit");

      c.setAutoCommit(false);
      TaskStore tx = storage.on(c);
      c.setAutoCommit(true);
      assertThatThrownBy(() -> tx.push(new PushRequest(queue, List.of(NewTask.of("x")))))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("auto-commit");
    }
    assertThat(allTasks(queue)).isEmpty();
    assertThat(stats(queue).pushed()).isZero();
  }

  @Test
  void aWakeUpSentInTheTransactionIsHeardOnlyWhenItCommits() throws Exception {
    assumeThat(declared() && storage.capabilities().notifications())
        .as("the backend declares transactions and notifications").isTrue();
    String queue = newQueue();
    BlockingQueue<String> woken = new LinkedBlockingQueue<>();
    java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
    try (Notifications.Subscription ignored = storage.notifications().orElseThrow().listen(Set.of(queue),
        new Notifications.Listener() {
          @Override
          public void wake(String q) {
            woken.add(q);
          }

          @Override
          public void connected() {
            connected.countDown();
          }
        })) {
      assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
      try (Connection c = transaction()) {
        TaskStore tx = storage.on(c);
        tx.push(new PushRequest(queue, List.of(NewTask.of("rolled-back"))));
        tx.notifications().orElseThrow().send(Set.of(queue));
        assertThat(woken.poll(500, TimeUnit.MILLISECONDS)).as("nothing heard before the commit").isNull();
        c.rollback();
        assertThat(woken.poll(500, TimeUnit.MILLISECONDS)).as("nor after a rollback").isNull();

        tx.push(new PushRequest(queue, List.of(NewTask.of("committed"))));
        tx.notifications().orElseThrow().send(Set.of(queue));
        c.commit();
        assertThat(woken.poll(5, TimeUnit.SECONDS)).as("heard after the commit").isEqualTo(queue);
      }
    }
    assertThat(allTasks(queue)).extracting(Task::subject).containsExactly("committed");
  }

  // ---------------------------------------------------------------- the caller's own table

  /** A table of the caller's own, in the test schema, for writes that must commit or roll back with the tasks. */
  private String ownTable() throws SQLException {
    String table = schema + ".own_" + System.nanoTime();
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + table + " (note text NOT NULL)");
    }
    return table;
  }

  private static void insertOwnRow(Connection c, String table, String note) throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO " + table + " (note) VALUES (?)")) {
      s.setString(1, note);
      s.executeUpdate();
    }
  }

  private List<String> ownRows(String table) throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT note FROM " + table + " ORDER BY note")) {
      List<String> notes = new java.util.ArrayList<>();
      while (rows.next()) {
        notes.add(rows.getString(1));
      }
      return notes;
    }
  }
}
