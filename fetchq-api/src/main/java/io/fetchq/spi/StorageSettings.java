package io.fetchq.spi;

import io.fetchq.InvalidArgumentException;
import io.fetchq.internal.Require;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Where and how a backend stores its data. Either a JDBC URL (with user and password; the backend
 * makes its own pool) or a {@link DataSource} the user already has (the backend then makes no pool
 * and never closes it), or, for a backend that needs no database ({@link
 * StorageProvider#needsDatabase()} is false), neither: {@link #withoutDatabase()}. A backend that
 * needs a database refuses settings that name none when it opens.
 *
 * @param jdbcUrl the database, such as {@code jdbc:postgresql://127.0.0.1:5432/app}, or null with a
 *     data source or without a database
 * @param user the database user, or null
 * @param password the database password, or null; never printed
 * @param dataSource the user's own data source, or null with a URL or without a database
 * @param schema the database schema that holds Fetchq's tables (default {@code fetchq})
 * @param schemaMode what to do with the schema on open (default {@link SchemaMode#MIGRATE})
 * @param poolSize the most connections the backend's own pool opens (1 to 1000; default 10)
 */
public record StorageSettings(
    String jdbcUrl,
    String user,
    String password,
    DataSource dataSource,
    String schema,
    SchemaMode schemaMode,
    int poolSize) {

  /** Schema names: the same safe-identifier rule as queue names, up to 63 characters. */
  public static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public StorageSettings {
    if (jdbcUrl != null && dataSource != null) {
      throw new InvalidArgumentException("jdbcUrl", "at most one of jdbcUrl and dataSource may be set");
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new InvalidArgumentException("jdbcUrl", "must start with jdbc:postgresql:");
    }
    Require.notNull("schema", schema);
    if (!SCHEMA_NAME.matcher(schema).matches()) {
      throw new InvalidArgumentException("schema", "must match " + SCHEMA_NAME.pattern() + "; was \"" + schema + "\"");
    }
    Require.notNull("schemaMode", schemaMode);
    Require.range("poolSize", poolSize, 1, 1000);
  }

  /** Settings for a database reached by URL, with the defaults for everything else. */
  public static StorageSettings of(String jdbcUrl, String user, String password) {
    return new StorageSettings(
        Require.notNull("jdbcUrl", jdbcUrl), user, password, null, "fetchq", SchemaMode.MIGRATE, 10);
  }

  /** Settings for the user's own data source, with the defaults for everything else. */
  public static StorageSettings of(DataSource dataSource) {
    return new StorageSettings(
        null, null, null, Require.notNull("dataSource", dataSource), "fetchq", SchemaMode.MIGRATE, 10);
  }

  /**
   * Settings that name no database, for a backend that needs none (its {@link
   * StorageProvider#needsDatabase()} is false), with the defaults for everything else: schema
   * {@code fetchq}, {@link SchemaMode#MIGRATE}, pool size 10.
   */
  public static StorageSettings withoutDatabase() {
    return new StorageSettings(null, null, null, null, "fetchq", SchemaMode.MIGRATE, 10);
  }

  public StorageSettings schema(String schema) {
    return new StorageSettings(jdbcUrl, user, password, dataSource, schema, schemaMode, poolSize);
  }

  public StorageSettings schemaMode(SchemaMode schemaMode) {
    return new StorageSettings(jdbcUrl, user, password, dataSource, schema, schemaMode, poolSize);
  }

  public StorageSettings poolSize(int poolSize) {
    return new StorageSettings(jdbcUrl, user, password, dataSource, schema, schemaMode, poolSize);
  }

  /** The settings with the password masked. */
  @Override
  public String toString() {
    String url = jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1****");
    return "StorageSettings[jdbcUrl=" + url + ", user=" + user
        + ", password=" + (password == null ? "null" : "****")
        + ", dataSource=" + (dataSource == null ? "null" : dataSource.getClass().getName())
        + ", schema=" + schema + ", schemaMode=" + schemaMode + ", poolSize=" + poolSize + "]";
  }
}
