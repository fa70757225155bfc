package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.TaskStatus;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database cuts the client's connections (pool and wake-up listener alike) again and again for a
 * few hundred milliseconds, three times while it drains a queue: the client rides over it. Every task is handled at least once and completed
 * exactly once, no outcome is lost, and the counters agree with the rows.
 */
class OutageTest {
  private static final Logger LOG = LoggerFactory.getLogger(OutageTest.class);
  private static final TestFetchq db = new TestFetchq("outage");
  private static final String QUEUE = "outage";
  private static final int TASKS = 3_000;
  private static final int CUTS = 3;
  private static final Duration OUTAGE = Duration.ofMillis(300);
  private static final String TERMINATE =
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
          + " WHERE application_name = ? AND pid <> pg_backend_pid()";

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Test
  void aDrainSurvivesRepeatedlyCutConnectionsWithEveryTaskCompletedOnce() throws Exception {
    String applicationName = "fetchq_outage_" + db.schema;
    TestDatabase.Info info = TestDatabase.get();
    String url = info.jdbcUrl() + (info.jdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
    FetchqConfig config = db.config().withDatabase(url, info.user(), info.password());

    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    Handler handler =
        (task, ctx) -> {
          runs.computeIfAbsent(task.subject(), s -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(10); // slow enough that the drain outlasts the cuts
          return Action.complete();
        };
    List<Integer> terminated = new ArrayList<>();
    try (QueueRows rows = new QueueRows(db.config())) {
      try (Fetchq fetchq =
          Fetchq.builder()
              .config(config)
              // a lock short enough that tasks whose pick answer was lost come back soon
              .queue(QUEUE, q -> q.maxAttempts(100).lock(Duration.ofSeconds(3)))
              .worker(QUEUE, handler, w -> w.concurrency(8).batch(25))
              .build()) {
        List<NewTask> tasks = IntStream.range(0, TASKS).mapToObj(i -> NewTask.of("task-" + i)).toList();
        assertThat(fetchq.queue(QUEUE).pushAll(tasks)).isEqualTo(TASKS);
        fetchq.start();

        for (int cut = 1; cut <= CUTS; cut++) {
          long reached = (long) TASKS * cut / (CUTS + 1);
          await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(10))
              .until(() -> rows.stats(QUEUE).completed() >= reached);
          // an outage of a few hundred milliseconds: every connection the client opens is cut
          int killed = 0;
          long outageEnds = System.nanoTime() + OUTAGE.toNanos();
          while (System.nanoTime() < outageEnds) {
            killed += terminate(applicationName);
            Thread.sleep(20);
          }
          LOG.info("cut {} at {} completed: terminated {} connections", cut, rows.stats(QUEUE).completed(), killed);
          terminated.add(killed);
        }
        assertThat(rows.stats(QUEUE).completed()).as("the cuts came during the drain").isLessThan(TASKS);

        await()
            .atMost(Duration.ofSeconds(25))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> rows.stats(QUEUE).completed() == TASKS);
        // the client says the database is back once its calls reach it again
        await().atMost(Duration.ofSeconds(10)).until(() -> fetchq.health().available());
        assertThat(fetchq.health().unavailableSince()).isNull();
      }

      assertThat(terminated).hasSize(CUTS).allSatisfy(n -> assertThat(n).isPositive());

      QueueStats stats = rows.assertCountersAgreeWithRows(QUEUE);
      LOG.info("after the outage: {}; handler runs {}", stats, runs.values().stream().mapToInt(AtomicInteger::get).sum());
      assertThat(rows.all(QUEUE))
          .hasSize(TASKS)
          .allSatisfy(
              t -> {
                assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(t.iterations()).as("outcomes applied to %s", t.subject()).isEqualTo(1);
              });
      assertThat(runs).as("every task handled at least once").hasSize(TASKS);
      int totalRuns = runs.values().stream().mapToInt(AtomicInteger::get).sum();
      assertThat(stats.pushed()).isEqualTo(TASKS);
      assertThat(stats.completed()).isEqualTo(TASKS);
      assertThat(stats.processed()).isEqualTo(TASKS);
      assertThat(stats.total()).isEqualTo(TASKS);
      assertThat(stats.killed()).isZero();
      assertThat(stats.rejected()).isZero();
      // a run is either ended by its one outcome or lost to an expired lock, never both
      assertThat(stats.picked()).isEqualTo(stats.processed() + stats.orphaned());
      assertThat(stats.errors()).isEqualTo(stats.orphaned());
      assertThat(totalRuns).isBetween(TASKS, (int) stats.picked());
    }
  }

  private static int terminate(String applicationName) throws SQLException {
    try (Connection c = TestDatabase.connection();
        PreparedStatement s = c.prepareStatement(TERMINATE)) {
      s.setString(1, applicationName);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }
}
