package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The backend declares wake-ups exactly when LISTEN lasts where it runs: on a direct connection
 * (CI step 1) and not through PgBouncer in transaction mode (CI step 2), judged here by plain JDBC,
 * so that a probe that wrongly turned wake-ups off cannot pass unseen (the notification
 * conformance area would then check the "no wake-ups" branch only).
 */
class ListenProbeTest {

  @Test
  void wakeUpsAreDeclaredExactlyWhenListenLasts() throws SQLException {
    TestDatabase.Info db = TestDatabase.get();
    boolean lasts = TestDatabase.listenLasts();
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
