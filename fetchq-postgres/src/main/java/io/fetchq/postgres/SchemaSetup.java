package io.fetchq.postgres;

import io.fetchq.FetchqException;
import io.fetchq.spi.SchemaMode;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the configured schema to the layout a backend ships, or checks it, with Flyway and the
 * backend's own history table, so that Fetchq's migrations never mix with the user's or with the
 * other backend's: both backends may share one schema. Public for fetchq-partitioned.
 */
public final class SchemaSetup {
  static final String HISTORY_TABLE = "fetchq_schema_history";
  static final String LOCATION = "classpath:io/fetchq/postgres/migration";

  private SchemaSetup() {}

  /**
   * Migrates or validates {@code schema} with the migrations at {@code location}, recorded in
   * {@code historyTable}; nothing with {@link SchemaMode#NONE}. A schema that already holds other
   * tables (the user's, or the other backend's) gets an empty baseline, so every migration runs.
   */
  public static void apply(
      DataSource dataSource, String schema, SchemaMode mode, String location, String historyTable) {
    if (mode == SchemaMode.NONE) {
      return;
    }
    Flyway flyway =
        Flyway.configure(SchemaSetup.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table(historyTable)
            .locations(location)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .placeholderReplacement(false)
            .load();
    try {
      if (mode == SchemaMode.MIGRATE) {
        flyway.migrate();
      } else {
        flyway.validate();
      }
    } catch (FlywayException e) {
      throw new FetchqException(
          "schema " + schema + " could not be " + (mode == SchemaMode.MIGRATE ? "migrated" : "validated")
              + ": " + e.getMessage(), e);
    }
  }
}
