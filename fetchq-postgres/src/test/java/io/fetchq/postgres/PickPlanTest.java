package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.SchemaMode;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Once the task table has statistics, a pick runs its generic plan after pgjdbc has prepared it on
 * the server, rather than being planned again on every call (its custom plan always looked cheaper
 * to PostgreSQL: 0.5 ms of the server's time per pick). Without statistics PostgreSQL chooses, as
 * before. Either way the setting that asks for it ends with the pick's transaction.
 */
class PickPlanTest {
  private final String schema = TestDatabase.newSchemaName("pick_plan");

  @BeforeEach
  void queueOfAHundredTasks() {
    TestDatabase.Info db = TestDatabase.get();
    try (Storage setup = new PostgresStorageProvider().open(
        StorageSettings.of(db.jdbcUrl(), db.user(), db.password()).schema(schema))) {
      setup.createQueue("q", QueueOptions.defaults());
      setup.push(new PushRequest("q", IntStream.range(0, 100).mapToObj(i -> NewTask.of("s" + i)).toList()));
    }
  }

  @AfterEach
  void dropSchema() {
    TestDatabase.dropSchema(schema);
  }

  @Test
  void withStatisticsPicksRunTheirGenericPlan() throws Exception {
    try (Connection c = TestDatabase.connection(); Statement s = c.createStatement()) {
      s.execute("ANALYZE " + schema + ".fetchq_task");
    }
    long[] plans = picksOnOneConnection();
    assertThat(plans[1]).as("custom plans of the pick").isZero();
    assertThat(plans[0]).as("generic plans of the pick").isPositive();
  }

  @Test
  void withoutStatisticsPostgresChooses() throws Exception {
    long[] plans = picksOnOneConnection();
    assertThat(plans[1]).as("custom plans of the pick on a table never analyzed").isPositive();
  }

  /** Ten picks on a pool of one connection; then that connection's generic and custom plans of the pick. */
  private long[] picksOnOneConnection() throws SQLException {
    TestDatabase.Info db = TestDatabase.get();
    org.junit.jupiter.api.Assumptions.assumeFalse(db.jdbcUrl().contains("prepareThreshold=0"),
        "the test database is reached with server-side prepared statements off (prepareThreshold=0, as"
            + " behind a transaction pooler in CI step 2): there is no prepared pick whose plans to count");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config);
        Storage storage = new PostgresStorageProvider().open(
            StorageSettings.of(pool).schema(schema).schemaMode(SchemaMode.NONE))) {
      for (int i = 0; i < 10; i++) {
        assertThat(storage.pick(PickRequest.of("q", 2, Duration.ofMinutes(5)))).hasSize(2);
      }
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        try (ResultSet r = s.executeQuery("SHOW plan_cache_mode")) {
          r.next();
          assertThat(r.getString(1)).as("the session's setting after the picks").isEqualTo("auto");
        }
        try (ResultSet r = s.executeQuery("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            + " WHERE statement LIKE '%candidates AS%'")) {
          assertThat(r.next()).as("the pick is prepared on the server").isTrue();
          return new long[] {r.getLong("generic_plans"), r.getLong("custom_plans")};
        }
      }
    }
  }
}
