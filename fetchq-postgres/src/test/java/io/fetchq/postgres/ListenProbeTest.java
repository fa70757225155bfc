package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The backend declares wake-ups exactly when LISTEN lasts where it runs: on a direct connection
 * (CI step 1) and not through PgBouncer in transaction mode (CI step 2), judged here by plain JDBC,
 * so that a probe that wrongly turned wake-ups off cannot pass unseen (the notification
 * conformance area would then check the "no wake-ups" branch only).
 */
class ListenProbeTest {

  /** Whether a NOTIFY from one plain connection is heard by another that listens, within a second. */
  private static boolean listenLasts(TestDatabase.Info db) throws SQLException {
    try (Connection listener = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      listener.setAutoCommit(true);
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN fetchq_listen_probe_test");
      }
      try (Connection sender = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          Statement s = sender.createStatement()) {
        s.execute("SELECT pg_notify('fetchq_listen_probe_test', '')");
      }
      PGNotification[] heard = listener.unwrap(PGConnection.class).getNotifications(1_000);
      return heard != null && heard.length > 0;
    }
  }

  @Test
  void wakeUpsAreDeclaredExactlyWhenListenLasts() throws SQLException {
    TestDatabase.Info db = TestDatabase.get();
    boolean lasts = listenLasts(db);
    String schema = TestDatabase.newSchemaName("listen_probe");
    try (Storage storage = new PostgresStorageProvider()
        .open(StorageSettings.of(db.jdbcUrl(), db.user(), db.password()).schema(schema))) {
      assertThat(storage.capabilities().notifications()).as("wake-ups declared (LISTEN lasts: %s)", lasts)
          .isEqualTo(lasts);
      assertThat(storage.notifications().isPresent()).isEqualTo(lasts);
    } finally {
      TestDatabase.dropSchema(schema);
    }
  }
}
