package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.fetchq.Action;
import io.fetchq.InvalidArgumentException;
import io.fetchq.LeaseLostException;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Work inside the user's transaction, on the user's own HikariCP pool (which Fetchq also uses):
 * an order row and its task commit together or roll back together, and workers hear of the task
 * only when it commits; a handler applies its outcome with its own business write in one
 * transaction, and when that transaction does not commit the task is retried, never half done.
 */
class CallerTransactionTest {
  private static final TestFetchq db = new TestFetchq("caller_transaction");
  /** The application's own tables live beside Fetchq's schema, as they would in a user's database. */
  private static final String APP = db.schema + "_app";
  private static HikariDataSource pool;

  @BeforeAll
  static void openPool() throws SQLException {
    pool = TestFetchq.usersPool("users-own-pool", 8);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + APP);
      s.execute("CREATE TABLE " + APP + ".orders (id text PRIMARY KEY)");
      s.execute("CREATE TABLE " + APP + ".invoices (queue text NOT NULL, subject text NOT NULL, lease bigint NOT NULL)");
    }
  }

  @AfterAll
  static void close() {
    try {
      pool.close();
    } finally {
      TestDatabase.dropSchema(APP);
      db.close();
    }
  }

  private static Fetchq.Builder client(String storage) {
    return Fetchq.builder().config(db.configForDataSource().withStorage(storage)).dataSource(pool);
  }

  private static Duration idle() {
    return TestDatabase.listenLasts() ? Duration.ofSeconds(60) : Duration.ofMillis(100);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void anOrderAndItsTaskCommitTogetherOrRollBackTogether(String storage) throws Exception {
    String queue = "confirm_" + storage;
    ConcurrentLinkedQueue<String> confirmed = new ConcurrentLinkedQueue<>();
    try (Fetchq fetchq = client(storage)
        .queue(queue)
        // workers poll once a minute: only the wake-up sent at commit brings the task sooner; through
        // a pooler in transaction mode, where LISTEN does not last, they poll every 100 ms instead
        .worker(queue, (task, ctx) -> {
          confirmed.add(task.subject());
          return Action.complete();
        }, w -> w.idle(idle(), idle()))
        .build()) {
      fetchq.start();
      Thread.sleep(300); // the worker's first poll found nothing and it now waits a minute

      QueueStats before = fetchq.queue(queue).stats();
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        insertOrder(c, queue + "/order-1");
        assertThat(fetchq.queue(queue).on(c).push(NewTask.of("order-1").payload("{\"total\":42}"))).isTrue();
        assertThat(fetchq.queue(queue).on(c).get("order-1")).as("the transaction sees its task").isPresent();
        Thread.sleep(500);
        assertThat(confirmed).as("no worker hears of it before the commit").isEmpty();
        assertThat(fetchq.queue(queue).get("order-1")).as("nor does anyone else").isEmpty();
        c.commit();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> confirmed.contains("order-1"));
      assertThat(orders()).contains(queue + "/order-1");

      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        insertOrder(c, queue + "/order-2");
        fetchq.queue(queue).on(c).pushAll(List.of(NewTask.of("order-2"), NewTask.of("order-2-mail")));
        fetchq.queue(queue).on(c).upsert(NewTask.of("order-1").payload("{\"total\":43}"));
        fetchq.queue(queue).on(c).append("{\"audit\":\"order-2\"}");
        c.rollback();
      }
      assertThat(orders()).doesNotContain(queue + "/order-2");
      assertThat(fetchq.queue(queue).get("order-2")).isEmpty();
      assertThat(fetchq.queue(queue).get("order-2-mail")).isEmpty();
      assertThat(fetchq.queue(queue).get("order-1").orElseThrow().payload()).isEqualTo("{\"total\":42}");
      await().atMost(Duration.ofSeconds(10)).until(() -> fetchq.queue(queue).stats().completed() == 1);
      QueueStats after = fetchq.queue(queue).stats();
      assertThat(after.pushed()).as("only the committed task was counted").isEqualTo(before.pushed() + 1);
      assertThat(after.total()).isEqualTo(1);
      Thread.sleep(300);
      assertThat(confirmed).containsExactly("order-1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void aConnectionInAutoCommitModeIsRefusedAndNothingIsStored(String storage) throws Exception {
    String queue = "autocommit_" + storage;
    try (Fetchq fetchq = client(storage).queue(queue).build(); Connection c = pool.getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
      assertThatThrownBy(() -> fetchq.queue(queue).on(c).push(NewTask.of("x")))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("connection")
          .hasMessageContaining("auto-commit");
      assertThatThrownBy(() -> fetchq.queue(queue).on(null))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("connection");
      assertThat(fetchq.queue(queue).stats().total()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void aHandlerCommitsItsOutcomeWithItsOwnWriteExactlyOnce(String storage) throws Exception {
    String queue = "invoice_" + storage;
    AtomicInteger runs = new AtomicInteger();
    try (Fetchq fetchq = client(storage)
        .queue(queue)
        .worker(queue, (task, ctx) -> {
          runs.incrementAndGet();
          try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            insertInvoice(c, task);
            ctx.settle(c, Action.reschedule(Duration.ofHours(1)).withPayload("{\"invoiced\":true}"));
            c.commit();
          }
          // what the handler returns after settling in its transaction is not applied
          return Action.kill("never applied");
        }, w -> w.concurrency(2))
        .build()) {
      fetchq.queue(queue).push(NewTask.of("acme-2026-12"));
      fetchq.start();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> fetchq.queue(queue).get("acme-2026-12").orElseThrow().status() == TaskStatus.PLANNED);
      Thread.sleep(300);
      Task task = fetchq.queue(queue).get("acme-2026-12").orElseThrow();
      assertThat(task.payload()).isEqualTo("{\"invoiced\":true}");
      assertThat(task.attempts()).isZero();
      assertThat(invoices(queue, "acme-2026-12")).hasSize(1);
      assertThat(runs).hasValue(1);
      assertThat(fetchq.queue(queue).errors(10)).isEmpty();
      QueueStats stats = fetchq.queue(queue).stats();
      assertThat(stats.rescheduled()).isEqualTo(1);
      assertThat(stats.killed()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void aHandlerThatThrowsBeforeItsTransactionCommitsLeavesTheTaskToBeRetried(String storage) throws Exception {
    String queue = "crashing_" + storage;
    AtomicInteger runs = new AtomicInteger();
    try (Fetchq fetchq = client(storage)
        .queue(queue, q -> q.lock(Duration.ofSeconds(1)).maxAttempts(5))
        .worker(queue, (task, ctx) -> {
          int run = runs.incrementAndGet();
          try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            insertInvoice(c, task);
            ctx.settle(c, Action.complete());
            if (run == 1) {
              // closing the pool's connection uncommitted rolls the invoice and the outcome back
              throw new IllegalStateException("the mail server refused the invoice");
            }
            c.commit();
          }
          return Action.complete();
        })
        .build()) {
      fetchq.queue(queue).push(NewTask.of("acme-2026-11"));
      fetchq.start();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> fetchq.queue(queue).get("acme-2026-11").orElseThrow().status() == TaskStatus.COMPLETED);
      assertThat(runs).hasValue(2);
      List<Long> leases = invoices(queue, "acme-2026-11");
      assertThat(leases).as("one invoice: the first run's write rolled back with its outcome").hasSize(1);
      Task done = fetchq.queue(queue).get("acme-2026-11").orElseThrow();
      assertThat(leases.get(0)).as("the invoice is the second run's").isEqualTo(done.lease());
      assertThat(fetchq.queue(queue).errors(10)).extracting(TaskError::message)
          .as("the first run came back as a run whose lock expired").containsExactly("lock expired before an outcome");
      QueueStats stats = fetchq.queue(queue).stats();
      assertThat(stats.orphaned()).isEqualTo(1);
      assertThat(stats.processed()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "partitioned"})
  void aStaleLeaseThrowsInsideTheTransactionAndItsWritesRollBack(String storage) throws Exception {
    String queue = "stale_" + storage;
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch secondDone = new CountDownLatch(1);
    List<Throwable> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Fetchq fetchq = client(storage)
        .queue(queue, q -> q.lock(Duration.ofSeconds(1)).maxAttempts(5))
        .worker(queue, (task, ctx) -> {
          int run = runs.incrementAndGet();
          if (run == 1) {
            // outlive the lock, until the task was recovered and run again by another run
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (secondDone.getCount() > 0 && System.nanoTime() < until) {
              try {
                secondDone.await(100, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                // the lock watch interrupts a run past its lock; this one carries on to show the fence
              }
            }
          }
          try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            insertInvoice(c, task);
            try {
              ctx.settle(c, Action.complete());
            } catch (LeaseLostException e) {
              refused.add(e);
              c.rollback();
              throw e;
            }
            c.commit();
          } finally {
            if (run == 2) {
              secondDone.countDown();
            }
          }
          return Action.complete();
        }, w -> w.concurrency(2))
        .build()) {
      fetchq.queue(queue).push(NewTask.of("acme-2026-10"));
      fetchq.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> !refused.isEmpty());
      Task done = fetchq.queue(queue).get("acme-2026-10").orElseThrow();
      assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(refused.get(0)).isInstanceOf(LeaseLostException.class).hasMessageContaining("acme-2026-10");
      assertThat(invoices(queue, "acme-2026-10")).as("only the current run's invoice").containsExactly(done.lease());
      assertThat(fetchq.queue(queue).stats().processed()).isEqualTo(1);
    }
  }

  // ---------------------------------------------------------------- the user's own tables

  private static void insertOrder(Connection c, String id) throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO " + APP + ".orders (id) VALUES (?)")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private static void insertInvoice(Connection c, Task task) throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO " + APP + ".invoices (queue, subject, lease) VALUES (?, ?, ?)")) {
      s.setString(1, task.queue());
      s.setString(2, task.subject());
      s.setLong(3, task.lease());
      s.executeUpdate();
    }
  }

  private static List<String> orders() throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT id FROM " + APP + ".orders")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private static List<Long> invoices(String queue, String subject) throws SQLException {
    List<Long> leases = new ArrayList<>();
    try (Connection c = pool.getConnection();
        var s = c.prepareStatement("SELECT lease FROM " + APP + ".invoices WHERE queue = ? AND subject = ?")) {
      s.setString(1, queue);
      s.setString(2, subject);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          leases.add(rows.getLong(1));
        }
      }
    }
    return leases;
  }
}
