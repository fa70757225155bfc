package io.fetchq.postgres;

import io.fetchq.FetchqException;
import io.fetchq.spi.SchemaMode;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the configured schema to what a {@link TableLayout} needs, or checks it, with Flyway: the
 * shared migrations (the queue, counter and task tables every layout has, written once) and the
 * layout's own, in order of version, recorded in the layout's history table, so that Fetchq's
 * migrations never mix with the user's or with another layout's and layouts may share one schema.
 * Table names, the task table's options and the status codes are Flyway placeholders ({@code
 * ${queue_table}}, {@code ${status.pending}}, ...), filled in from the layout and {@link SqlCodes}.
 */
final class SchemaSetup {
  static final String SHARED_MIGRATIONS = "classpath:io/fetchq/postgres/migration/shared";

  private SchemaSetup() {}

  /**
   * Migrates or validates {@code schema} for {@code layout}; nothing with {@link SchemaMode#NONE}. A
   * schema that already holds other tables (the user's, or another layout's) gets an empty
   * baseline, so every migration runs.
   */
  static void apply(DataSource dataSource, String schema, SchemaMode mode, TableLayout layout) {
    if (mode == SchemaMode.NONE) {
      return;
    }
    Map<String, String> placeholders = new HashMap<>(layout.tables().migrationPlaceholders());
    placeholders.putAll(SqlCodes.variables());
    placeholders.put("task_table_options", layout.taskTableOptions());
    placeholders.put("error_table_options", layout.errorTableOptions());
    Flyway flyway =
        Flyway.configure(SchemaSetup.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table(layout.historyTable())
            .locations(SHARED_MIGRATIONS, layout.migrations())
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .placeholders(placeholders)
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
