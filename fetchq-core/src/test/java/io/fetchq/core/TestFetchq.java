package io.fetchq.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fetchq.tck.TestDatabase;

/** A fresh schema on the test database for each test class, and configs that point at it. */
final class TestFetchq implements AutoCloseable {
  final String schema;

  TestFetchq(String hint) {
    this.schema = TestDatabase.newSchemaName(hint);
  }

  /** The configuration of a client on this schema; maintenance runs every 50 ms. */
  FetchqConfig config() {
    TestDatabase.Info db = TestDatabase.get();
    return configForDataSource().withDatabase(db.jdbcUrl(), db.user(), db.password());
  }

  /** As {@link #config()} without the database, for a client given the program's own DataSource. */
  FetchqConfig configForDataSource() {
    return FetchqConfig.defaults()
        .withSchema(schema)
        .with("fetchq.maintenance.interval", "50ms")
        .with("fetchq.worker.idle.max", "200ms")
        .with("fetchq.shutdown.grace", "5s");
  }

  /** A HikariCP pool of the program's own on the test database, of at most {@code size} connections. */
  static HikariDataSource usersPool(String name, int size) {
    TestDatabase.Info db = TestDatabase.get();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(size);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  @Override
  public void close() {
    TestDatabase.dropSchema(schema);
  }
}
