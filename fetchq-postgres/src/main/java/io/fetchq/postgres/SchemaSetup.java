package io.fetchq.postgres;

import io.fetchq.FetchqException;
import io.fetchq.spi.SchemaMode;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the configured schema to the layout this backend ships, or checks it, with Flyway and its
 * own history table, so that Fetchq's migrations never mix with the user's.
 */
final class SchemaSetup {
  static final String HISTORY_TABLE = "fetchq_schema_history";
  static final String LOCATION = "classpath:io/fetchq/postgres/migration";

  private SchemaSetup() {}

  static void apply(DataSource dataSource, String schema, SchemaMode mode) {
    if (mode == SchemaMode.NONE) {
      return;
    }
    Flyway flyway =
        Flyway.configure(SchemaSetup.class.getClassLoader())
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .table(HISTORY_TABLE)
            .locations(LOCATION)
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
