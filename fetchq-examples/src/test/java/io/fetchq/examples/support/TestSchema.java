package io.fetchq.examples.support;

import io.fetchq.core.FetchqConfig;
import io.fetchq.tck.TestDatabase;

/** A fresh schema on the test database for one test class, dropped by {@link #close()}. */
public final class TestSchema implements AutoCloseable {
  private final String schema;

  public TestSchema(String hint) {
    this.schema = TestDatabase.newSchemaName(hint);
  }

  /** The schema's name. */
  public String name() {
    return schema;
  }

  /** The test database as an example database (never stopped by the examples). */
  public static ExampleDatabase database() {
    TestDatabase.Info db = TestDatabase.get();
    return ExampleDatabase.at(db.jdbcUrl(), db.user(), db.password());
  }

  /** A client configuration on this schema of the test database, with quick idle waits and shutdown. */
  public FetchqConfig config() {
    TestDatabase.Info db = TestDatabase.get();
    return FetchqConfig.defaults()
        .withDatabase(db.jdbcUrl(), db.user(), db.password())
        .withSchema(schema)
        .with("fetchq.worker.idle.max", "200ms")
        .with("fetchq.shutdown.grace", "5s");
  }

  @Override
  public void close() {
    TestDatabase.dropSchema(schema);
  }
}
