package io.fetchq.spring;

import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.tck.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;

/** The test database as Spring properties, and a plain client to look at a schema from outside. */
final class StarterTestSupport {
  private StarterTestSupport() {}

  /**
   * The application's DataSource on the test database, Fetchq in {@code schema}, and quick idle
   * waits and maintenance so that tests do not wait for defaults.
   */
  static Map<String, Object> properties(String schema) {
    TestDatabase.Info db = TestDatabase.get();
    return properties(schema, db.jdbcUrl());
  }

  static Map<String, Object> properties(String schema, String jdbcUrl) {
    TestDatabase.Info db = TestDatabase.get();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", jdbcUrl);
    properties.put("spring.datasource.username", db.user());
    properties.put("spring.datasource.password", db.password() == null ? "" : db.password());
    properties.put("spring.datasource.hikari.maximum-pool-size", "6");
    properties.put("fetchq.schema", schema);
    properties.put("fetchq.worker.idle.max", "200ms");
    properties.put("fetchq.maintenance.interval", "100ms");
    return properties;
  }

  /** A client without workers on {@code schema}, with its own small pool; the caller closes it. */
  static Fetchq outsideClient(String schema, String... queues) {
    TestDatabase.Info db = TestDatabase.get();
    FetchqConfig config = FetchqConfig.defaults()
        .withDatabase(db.jdbcUrl(), db.user(), db.password() == null || db.password().isEmpty() ? null : db.password())
        .withSchema(schema).withPoolSize(2).with("fetchq.maintenance.enabled", "false");
    Fetchq.Builder builder = Fetchq.builder().config(config);
    for (String queue : queues) {
      builder.queue(queue);
    }
    return builder.build();
  }

  /** Drops the schema when the context that holds it closes, after the client has stopped. */
  static final class SchemaDrop implements org.springframework.beans.factory.DisposableBean {
    private final String[] schemas;

    SchemaDrop(String... schemas) {
      this.schemas = schemas;
    }

    @Override
    public void destroy() {
      for (String schema : schemas) {
        TestDatabase.dropSchema(schema);
      }
    }
  }
}
