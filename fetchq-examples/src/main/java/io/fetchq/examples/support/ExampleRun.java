package io.fetchq.examples.support;

import io.fetchq.core.FetchqConfig;

/** Runs a small example's body once in a fresh schema of the example database, then drops the schema. */
public final class ExampleRun {

  /** The body of an example: it gets a configuration and returns what it found. */
  @FunctionalInterface
  public interface Body<R> {
    R run(FetchqConfig config) throws Exception;
  }

  private ExampleRun() {}

  /**
   * Opens the example database (see {@link ExampleDatabase#open}), runs {@code body} in a fresh
   * schema named after {@code name}, drops the schema and stops an embedded database.
   */
  public static <R> R inFreshSchema(String name, Body<R> body) throws Exception {
    try (ExampleDatabase db = ExampleDatabase.open(System.out)) {
      String schema = ExampleDatabase.freshSchemaName("fetchq_" + name);
      System.out.println("example " + name + " on " + db.description() + ", schema " + schema);
      try {
        return body.run(db.config(schema));
      } finally {
        db.dropSchema(schema);
      }
    }
  }
}
