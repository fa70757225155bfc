package io.fetchq.examples.support;

import io.fetchq.core.FetchqConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The PostgreSQL an example runs against, found in this order: the one configured for Fetchq
 * ({@code FETCHQ_DB_URL}, {@code -Dfetchq.db.url} or {@code fetchq.properties}); else an embedded
 * PostgreSQL started from the binaries on the classpath and stopped on {@link #close()}; else,
 * when the embedded one cannot start (PostgreSQL refuses to run as root without user namespaces),
 * a server answering on 127.0.0.1:5432 as user {@code postgres}. Examples work in a fresh schema
 * of their own and drop it at the end.
 */
public final class ExampleDatabase implements AutoCloseable {
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final List<String> LOCAL_DATABASES = List.of("postgres", "test");

  private final String url;
  private final String user;
  private final String password;
  private final String description;
  private final EmbeddedPostgres embedded;

  private ExampleDatabase(String url, String user, String password, String description, EmbeddedPostgres embedded) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.description = description;
    this.embedded = embedded;
  }

  /** A database at these coordinates, used as it is and never stopped (tests pass theirs this way). */
  public static ExampleDatabase at(String url, String user, String password) {
    return new ExampleDatabase(url, user, password, url, null);
  }

  /**
   * The configured database, else an embedded one, else the local server; {@code out} is told
   * which, and why when it is a fallback.
   *
   * @throws NoDatabaseException with one message that says how to point the examples at a database
   */
  public static ExampleDatabase open(PrintStream out) {
    FetchqConfig configured = FetchqConfig.load();
    if (configured.dbUrl().isPresent()) {
      ExampleDatabase db = new ExampleDatabase(configured.dbUrl().get(), configured.dbUser().orElse(null),
          configured.dbPassword().orElse(null), configured.dbUrl().get() + " (configured)", null);
      db.checkReachable();
      return db;
    }
    Exception embeddedFailure;
    try {
      out.println("starting an embedded PostgreSQL (no FETCHQ_DB_URL set) ...");
      EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(30)).start();
      return new ExampleDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", "",
          "an embedded PostgreSQL on port " + pg.getPort() + " (stopped at the end)", pg);
    } catch (IOException | RuntimeException e) {
      embeddedFailure = e;
    }
    String why = "the embedded PostgreSQL could not start (" + firstLine(embeddedFailure) + ")"
        + ("root".equals(System.getProperty("user.name"))
            ? "; PostgreSQL refuses to run as root unless user namespaces (`unshare -U`) work" : "");
    for (String name : LOCAL_DATABASES) {
      ExampleDatabase local = new ExampleDatabase("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", null,
          "the local server on 127.0.0.1:5432, database " + name + ", user postgres", null);
      if (local.answers()) {
        out.println(why + ": using " + local.description + " instead");
        return local;
      }
    }
    throw new NoDatabaseException(why + ", and no PostgreSQL answers on 127.0.0.1:5432 as user postgres."
        + " Point the examples at a database with FETCHQ_DB_URL=jdbc:postgresql://HOST:5432/DATABASE"
        + " (and FETCHQ_DB_USER, FETCHQ_DB_PASSWORD), or run them as a non-root user.", embeddedFailure);
  }

  /** Where it is, for people. */
  public String description() {
    return description;
  }

  /** Whether it is an embedded PostgreSQL that {@link #close()} stops. */
  public boolean embedded() {
    return embedded != null;
  }

  /** The JDBC URL. */
  public String url() {
    return url;
  }

  /** A schema name that no other run uses: {@code prefix_} and eight random hex digits. */
  public static String freshSchemaName(String prefix) {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String name = prefix + "_" + HexFormat.of().formatHex(random);
    return checkedSchema(name);
  }

  /**
   * The configuration of a Fetchq client on {@code schema} of this database: whatever {@link
   * FetchqConfig#load()} finds (files, {@code -Dfetchq.*}, {@code FETCHQ_*}), with this database
   * and schema.
   */
  public FetchqConfig config(String schema) {
    return FetchqConfig.load().withDatabase(url, user, emptyToNull(password)).withSchema(checkedSchema(schema));
  }

  /**
   * The environment variables that point a Fetchq client in another process at {@code schema} of
   * this database. A variable mapped to null must be removed from the child's environment.
   */
  public Map<String, String> environment(String schema) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FETCHQ_DB_URL", url);
    env.put("FETCHQ_DB_USER", user);
    env.put("FETCHQ_DB_PASSWORD", emptyToNull(password));
    env.put("FETCHQ_SCHEMA", checkedSchema(schema));
    return env;
  }

  /** A new connection; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password == null ? "" : password);
  }

  /** Drops {@code schema} and everything in it; nothing happens when it does not exist. */
  public void dropSchema(String schema) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + checkedSchema(schema) + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop schema " + schema + " on " + description, e);
    }
  }

  /** Stops the embedded PostgreSQL, if this is one. */
  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new IllegalStateException("the embedded PostgreSQL did not stop cleanly", e);
      }
    }
  }

  private boolean answers() {
    try (Connection c = connect()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private void checkReachable() {
    try (Connection c = connect()) {
      c.isValid(2);
    } catch (SQLException e) {
      throw new NoDatabaseException("cannot connect to " + url + " as " + user + " (from FETCHQ_DB_URL,"
          + " FETCHQ_DB_USER, FETCHQ_DB_PASSWORD or their -Dfetchq.db.* twins): " + e.getMessage(), e);
    }
  }

  private static String checkedSchema(String schema) {
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a schema name: " + schema);
    }
    return schema;
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    // zonky says "Process [/tmp/embedded-pg/.../bin/initdb, -A, trust, ...] failed": keep the program's name
    return line.replaceFirst("^Process \\[(?:[^,\\]]*/)?([^,/\\]]+)[^\\]]*\\] failed", "$1 failed");
  }
}
