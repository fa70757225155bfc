package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idle workers are woken by the tasks other processes push (LISTEN/NOTIFY), not by polling; a
 * burst of pushes costs a bounded number of notifications. Queue names are unique per run: the
 * notification channel is named after the queue, not the schema.
 */
class WakeUpTest {
  private static final Logger LOG = LoggerFactory.getLogger(WakeUpTest.class);
  private static final TestFetchq db = new TestFetchq("wake_up");
  private static final Duration IDLE = Duration.ofSeconds(5);
  /** The runtime's coalescing window: at most one notification per queue per window. */
  private static final Duration WINDOW = Duration.ofMillis(10);

  /** Through a pooler in transaction mode there are no wake-ups to test: ListenProbeTest shows the backend says so. */
  @BeforeAll
  static void listenLasts() {
    assumeTrue(TestDatabase.listenLasts(), "LISTEN does not last through this database's pooler (transaction mode)");
  }

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  private static String uniqueQueue(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @Test
  void aTaskPushedByAnotherClientWakesAnIdleWorker() throws Exception {
    String queue = uniqueQueue("wake");
    Map<String, Long> handledAt = new ConcurrentHashMap<>();
    Handler handler =
        (task, ctx) -> {
          handledAt.put(task.subject(), System.nanoTime());
          return Action.complete();
        };
    try (Fetchq worker =
            Fetchq.builder()
                .config(db.config())
                .queue(queue)
                .worker(queue, handler, w -> w.concurrency(1).batch(1).idle(IDLE, IDLE))
                .build();
        Fetchq pusher = Fetchq.builder().config(db.config()).queue(queue).build()) {
      worker.start();
      pusher.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> listening(queue));

      for (int i = 0; i < 3; i++) {
        String subject = "ping-" + i;
        // the worker went idle for IDLE after its last (empty) pick
        Thread.sleep(100);
        long pushedAt = System.nanoTime();
        assertThat(pusher.queue(queue).push(NewTask.of(subject))).isTrue();
        await().atMost(IDLE).until(() -> handledAt.containsKey(subject));
        Duration latency = Duration.ofNanos(handledAt.get(subject) - pushedAt);
        LOG.info("{} pushed by another client was handled after {} ms", subject, latency.toMillis());
        assertThat(latency).as("%s handled after", subject).isLessThan(Duration.ofMillis(1_500));
      }
    }
  }

  @Test
  void aBurstOfPushesSendsABoundedNumberOfNotifications() throws Exception {
    String queue = uniqueQueue("burst");
    int pushes = 1_000;
    try (Connection listener = TestDatabase.connection();
        Fetchq pusher = Fetchq.builder().config(db.config()).queue(queue).build()) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN \"fetchq_" + queue + "\"");
      }
      PGConnection pg = listener.unwrap(PGConnection.class);
      AtomicInteger received = new AtomicInteger();
      AtomicLong lastAt = new AtomicLong();

      long start = System.nanoTime();
      for (int i = 0; i < pushes; i++) {
        assertThat(pusher.queue(queue).push(NewTask.of("burst-" + i))).isTrue();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      // collect until nothing more arrives for half a second
      lastAt.set(System.nanoTime());
      while (System.nanoTime() - lastAt.get() < Duration.ofMillis(500).toNanos()) {
        PGNotification[] batch = pg.getNotifications(100);
        if (batch != null && batch.length > 0) {
          received.addAndGet(batch.length);
          lastAt.set(System.nanoTime());
        }
      }
      LOG.info("{} pushes in {} ms sent {} notifications", pushes, elapsed.toMillis(), received.get());
      long bound = elapsed.toNanos() / WINDOW.toNanos() + 2;
      assertThat(received.get())
          .as("notifications for %d pushes in %s", pushes, elapsed)
          .isPositive()
          .isLessThanOrEqualTo((int) bound)
          .isLessThan(pushes);
      assertThat(pusher.queue(queue).stats().pending()).isEqualTo(pushes);
    }
  }

  @Test
  void aWakeUpStillWaitingForItsWindowIsSentWhenTheClientCloses() throws Exception {
    // an operator tool resumes or retries and closes at once: the wake-up must not die with it
    String queue = uniqueQueue("closing");
    try (Fetchq seeder = Fetchq.builder().config(db.config()).queue(queue).build()) {
      seeder.queue(queue).push(NewTask.of("dead"));
      seeder.queue(queue).cancel(List.of("dead"), "to retry later", false);
      seeder.pause(queue);
    }
    try (Connection listener = TestDatabase.connection()) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN \"fetchq_" + queue + "\"");
      }
      PGConnection pg = listener.unwrap(PGConnection.class);

      try (Fetchq operator = Fetchq.builder().config(db.config()).build()) {
        operator.resume(queue);
      }
      assertThat(notificationsWithin(pg, Duration.ofSeconds(1))).as("wake-ups after resume and close").isPositive();

      try (Fetchq operator = Fetchq.builder().config(db.config()).build()) {
        assertThat(operator.queue(queue).retry(List.of("dead"))).containsExactly("dead");
      }
      assertThat(notificationsWithin(pg, Duration.ofSeconds(1))).as("wake-ups after retry and close").isPositive();
    }
  }

  /** How many notifications the connection receives within {@code wait}. */
  private static int notificationsWithin(PGConnection pg, Duration wait) throws SQLException {
    int received = 0;
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      PGNotification[] batch = pg.getNotifications(50);
      received += batch == null ? 0 : batch.length;
    }
    return received;
  }

  /** Whether a connection of this database listens on the queue's channel. */
  private static boolean listening(String queue) throws SQLException {
    try (Connection c = TestDatabase.connection();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state = 'idle' AND query = ?")) {
      s.setString(1, "LISTEN \"fetchq_" + queue + "\"");
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1) > 0;
      }
    }
  }
}
