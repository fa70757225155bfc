package io.fetchq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.tck.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * A fresh schema for one test class: a library client on it to seed and check data through the
 * API, and the command configured for the same schema. Queue names are unique per run, since
 * wake-up channels are named after the queue, not the schema.
 */
final class TestSchema implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String schema;
  final Fetchq fetchq;
  final Cli cli;

  TestSchema(String hint) {
    this.schema = TestDatabase.newSchemaName(hint);
    this.fetchq = Fetchq.builder().config(config(schema)).build();
    this.cli = new Cli(schema);
  }

  /** The configuration of a library client on {@code schema} (migrating it). */
  static FetchqConfig config(String schema) {
    TestDatabase.Info db = TestDatabase.get();
    return FetchqConfig.defaults().withSchema(schema).withDatabase(db.jdbcUrl(), db.user(), db.password());
  }

  /** A queue name no other test uses, created with the default options. */
  String newQueue(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Fetchq creator = Fetchq.builder().config(config(schema)).queue(name).build()) {
      return name;
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  @Override
  public void close() {
    fetchq.close();
    TestDatabase.dropSchema(schema);
  }
}
