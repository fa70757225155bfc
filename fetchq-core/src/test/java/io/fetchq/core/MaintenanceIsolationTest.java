package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.StorageException;
import io.fetchq.spi.MaintenanceResult;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One queue whose maintenance the server refuses (here a trigger raising feature_not_supported, as
 * Citus does for SQL it cannot route) on a real PostgreSQL: the other queues are still promoted, the
 * failure is counted, the refusal is reported as unsupported and not retried, and the pool keeps
 * its connections instead of taking each refusal for a broken connection.
 */
class MaintenanceIsolationTest {
  private static final TestFetchq db = new TestFetchq("maintenance_isolation");

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  @Test
  void aQueueWhoseMaintenanceFailsStopsNeitherTheOtherQueuesNorThePool() throws Exception {
    try (Fetchq fetchq = Fetchq.builder()
        .config(db.config())
        .queue("a_refused", q -> q)
        .queue("b_fine", q -> q)
        .build()) {
      Queue refused = fetchq.queue("a_refused");
      Queue fine = fetchq.queue("b_fine");
      Instant due = TestDatabase.now().plusMillis(200);
      refused.pushAll(IntStream.range(0, 3).mapToObj(i -> NewTask.of("refused-" + i).at(due)).toList());
      fine.pushAll(IntStream.range(0, 3).mapToObj(i -> NewTask.of("fine-" + i).at(due)).toList());
      refuseUpdatesOfSubjectsStartingWith("refused-");
      TestDatabase.awaitClockPast(due);
      // the pool has opened its minimum of idle connections (2) before the count starts; through a
      // pooler in transaction mode (where LISTEN does not last) the server connections are the
      // pooler's, not the pool's, and are not counted
      boolean direct = TestDatabase.listenLasts();
      if (direct) {
        await().atMost(Duration.ofSeconds(10)).until(() -> connectionsOpenedSince(Instant.EPOCH) >= 2);
      }
      Instant before = TestDatabase.now();

      MaintenanceResult first = fetchq.runMaintenance();
      for (int pass = 1; pass < 5; pass++) {
        fetchq.runMaintenance();
      }

      assertThat(first.promoted()).as("the queue after the refused one is still promoted").isEqualTo(3);
      assertThat(fine.stats().pending()).isEqualTo(3);
      assertThat(refused.stats().planned()).as("the refused queue keeps its tasks as they were").isEqualTo(3);
      assertThat(fetchq.maintenanceFailures()).as("one failure per pass, counted").isEqualTo(5);
      assertThatThrownBy(() -> refused.upsert(NewTask.of("refused-0")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("SQLSTATE 0A000")
          .hasMessageContaining("does not support this statement")
          .satisfies(e -> assertThat(((StorageException) e).isTransient()).isFalse());
      if (direct) {
        assertThat(connectionsOpenedSince(before))
            .as("refused statements do not make the pool drop and reopen connections")
            .isZero();
      }
    }
  }

  private static void refuseUpdatesOfSubjectsStartingWith(String prefix) throws Exception {
    try (Connection c = TestDatabase.connection();
        Statement s = c.createStatement()) {
      s.execute("CREATE FUNCTION \"" + db.schema + "\".refuse() RETURNS trigger LANGUAGE plpgsql AS $$"
          + " BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'feature_not_supported'; END $$");
      s.execute("CREATE TRIGGER refuse BEFORE UPDATE ON \"" + db.schema + "\".fetchq_task FOR EACH ROW"
          + " WHEN (OLD.subject LIKE '" + prefix + "%') EXECUTE FUNCTION \"" + db.schema + "\".refuse()");
    }
  }

  /** Connections of this client's pool (named after its schema) opened after {@code instant}. */
  private static int connectionsOpenedSince(Instant instant) throws Exception {
    try (Connection c = TestDatabase.connection();
        PreparedStatement s = c.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = left(?, 63) AND backend_start > ?")) {
      s.setString(1, "fetchq-" + db.schema);
      s.setTimestamp(2, Timestamp.from(instant));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }
}
