package io.fetchq.tck;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL a test JVM runs against, chosen once: the server named by {@code
 * FETCHQ_TEST_DB_URL} when it is set, else a Testcontainers {@code postgres:<major>-alpine} when
 * Docker is available, else zonky's embedded PostgreSQL. {@code
 * FETCHQ_TEST_DB=url|testcontainers|embedded} forces one branch. The system property {@code
 * test.postgres} (Maven: {@code -Dtest.postgres=14}, which also puts that version's embedded
 * binaries on the classpath) or {@code FETCHQ_TEST_POSTGRES} asks for a major version: a server
 * of another version fails at once instead of testing the wrong one. Also gives tests unique
 * schema names, an admin connection and the database clock.
 */
public final class TestDatabase {

  /** Where the database comes from. */
  public enum Kind {
    URL,
    TESTCONTAINERS,
    EMBEDDED
  }

  /**
   * How to reach the chosen database.
   *
   * @param kind the branch that was chosen
   * @param jdbcUrl its JDBC URL
   * @param user its user
   * @param password its password (may be empty)
   * @param version the server's version ({@code server_version}), read at start
   * @param majorVersion the server's major version, for example 17
   */
  public record Info(Kind kind, String jdbcUrl, String user, String password, String version, int majorVersion) {
    @Override
    public String toString() {
      return "TestDatabase[" + kind + " PostgreSQL " + version + " " + jdbcUrl + " as " + user + "]";
    }
  }

  /** The system property that asks for a PostgreSQL major version. */
  public static final String VERSION_PROPERTY = "test.postgres";

  private static final int DEFAULT_CONTAINER_MAJOR = 17;

  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static volatile Info info;
  private static volatile Boolean listenLasts;

  private TestDatabase() {}

  /** The database of this JVM, started on first use. */
  public static Info get() {
    Info current = info;
    if (current == null) {
      synchronized (TestDatabase.class) {
        current = info;
        if (current == null) {
          OptionalInt wanted = requestedMajor();
          current = checked(start(choose(), wanted), wanted);
          info = current;
        }
      }
    }
    return current;
  }

  /** A new connection as the admin user, for test set-up and checks. The caller closes it. */
  public static Connection connection() throws SQLException {
    Info db = get();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  /**
   * Whether a LISTEN lasts on the test database's connections: true on a direct connection, false
   * through a pooler in transaction mode (PgBouncer's {@code pool_mode = transaction}), which may run
   * each transaction on another server connection. Judged once per JVM: a NOTIFY from one plain
   * connection is heard by another that listens, within a second.
   */
  public static boolean listenLasts() {
    Boolean lasts = listenLasts;
    if (lasts == null) {
      String channel = "fetchq_listen_lasts_" + RUN;
      try (Connection listener = connection()) {
        listener.setAutoCommit(true);
        try (Statement s = listener.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        try (Connection sender = connection(); Statement s = sender.createStatement()) {
          s.execute("SELECT pg_notify('" + channel + "', '')");
        }
        PGNotification[] heard = listener.unwrap(PGConnection.class).getNotifications(1_000);
        lasts = heard != null && heard.length > 0;
      } catch (SQLException e) {
        throw new IllegalStateException("could not find out whether LISTEN lasts on " + get(), e);
      }
      listenLasts = lasts;
    }
    return lasts;
  }

  /**
   * A schema name no other test of any JVM uses: lower case, {@code [a-z_][a-z0-9_]*}, at most 63
   * characters, starting with {@code tck_} and a cleaned form of {@code hint}.
   */
  public static String newSchemaName(String hint) {
    String cleaned = hint == null ? "" : hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
    String suffix = "_" + RUN + "_" + SEQUENCE.incrementAndGet();
    int room = 63 - "tck_".length() - suffix.length();
    if (cleaned.length() > room) {
      cleaned = cleaned.substring(0, room);
    }
    String name = "tck_" + cleaned + suffix;
    if (!SCHEMA_NAME.matcher(name).matches()) {
      throw new IllegalStateException("made a bad schema name: " + name);
    }
    return name;
  }

  /** Drops the schema with everything in it; nothing happens when it does not exist. */
  public static void dropSchema(String schema) {
    if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a schema name: " + schema);
    }
    try (Connection c = connection()) {
      dropSchema(c, schema);
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop schema " + schema + " on " + get(), e);
    }
  }

  /** Drops the schema with everything in it through {@code connection}; nothing happens when it does not exist. */
  public static void dropSchema(Connection connection, String schema) throws SQLException {
    if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a schema name: " + schema);
    }
    try (Statement s = connection.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
  }

  /** The database server's clock now ({@code clock_timestamp()}), the clock leases and due times use. */
  public static Instant now() {
    try (Connection c = connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT clock_timestamp()")) {
      r.next();
      return r.getTimestamp(1).toInstant();
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the clock of " + get(), e);
    }
  }

  /**
   * Sleeps until the database clock has passed {@code instant} (by a couple of milliseconds). Tests
   * wait out short locks and delays only, so an instant more than ten seconds away is a test bug and
   * fails at once.
   */
  public static void awaitClockPast(Instant instant) {
    BackendClock.DATABASE.awaitPast(instant);
  }

  static Kind choose() {
    String forced = System.getenv("FETCHQ_TEST_DB");
    if (forced != null && !forced.isBlank() && !forced.trim().equalsIgnoreCase("auto")) {
      try {
        return Kind.valueOf(forced.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "FETCHQ_TEST_DB=" + forced + " is not one of url, testcontainers, embedded (or auto)");
      }
    }
    if (env("FETCHQ_TEST_DB_URL", null) != null) {
      return Kind.URL;
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      return Kind.TESTCONTAINERS;
    }
    return Kind.EMBEDDED;
  }

  /** The major version asked for with {@value #VERSION_PROPERTY} or {@code FETCHQ_TEST_POSTGRES}, if any. */
  static OptionalInt requestedMajor() {
    String value = System.getProperty(VERSION_PROPERTY, "").trim();
    if (value.isEmpty()) {
      value = env("FETCHQ_TEST_POSTGRES", "").trim();
    }
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    if (!value.matches("[1-9][0-9]?")) {
      throw new IllegalStateException(VERSION_PROPERTY + "=" + value
          + " is not a PostgreSQL major version (a number such as 14 or 18)");
    }
    return OptionalInt.of(Integer.parseInt(value));
  }

  private static Info start(Kind kind, OptionalInt wanted) {
    return switch (kind) {
      case URL -> fromUrl();
      case TESTCONTAINERS -> fromContainer(wanted.orElse(DEFAULT_CONTAINER_MAJOR));
      case EMBEDDED -> fromEmbedded();
    };
  }

  /** Reads the server's version, refuses one other than asked for, and says once which server the tests use. */
  private static Info checked(Info db, OptionalInt wanted) {
    Info read;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT current_setting('server_version'),"
            + " current_setting('server_version_num')::int / 10000, current_setting('autovacuum')")) {
      r.next();
      read = new Info(db.kind(), db.jdbcUrl(), db.user(), db.password(), r.getString(1), r.getInt(2));
      System.out.println("Fetchq tests run on " + read + ", autovacuum " + r.getString(3));
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the server version of " + db + ": " + e.getMessage(), e);
    }
    if (wanted.isPresent() && wanted.getAsInt() != read.majorVersion()) {
      String how = switch (read.kind()) {
        case URL -> "FETCHQ_TEST_DB_URL names a PostgreSQL " + read.majorVersion()
            + ": unset it to start an embedded PostgreSQL " + wanted.getAsInt() + ", or point it at one";
        case EMBEDDED -> "the embedded binaries on the classpath are PostgreSQL " + read.majorVersion()
            + ": run the tests through Maven with -D" + VERSION_PROPERTY + "=" + wanted.getAsInt()
            + ", whose profile postgres-" + wanted.getAsInt() + " in the root pom.xml takes that version's binaries"
            + " (a version without such a profile is not supported)";
        case TESTCONTAINERS -> "the container runs PostgreSQL " + read.majorVersion();
      };
      throw new IllegalStateException("the tests were asked for PostgreSQL " + wanted.getAsInt() + " ("
          + VERSION_PROPERTY + ") but " + how);
    }
    return read;
  }

  private static Info fromUrl() {
    String url = env("FETCHQ_TEST_DB_URL", null);
    if (url == null) {
      throw new IllegalStateException("FETCHQ_TEST_DB=url needs FETCHQ_TEST_DB_URL (for example"
          + " jdbc:postgresql://127.0.0.1:5432/test), with FETCHQ_TEST_DB_USER and FETCHQ_TEST_DB_PASSWORD");
    }
    Info db = new Info(Kind.URL, url, env("FETCHQ_TEST_DB_USER", "postgres"), env("FETCHQ_TEST_DB_PASSWORD", ""), "", 0);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      return db;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to FETCHQ_TEST_DB_URL=" + url + " as user " + db.user()
          + " (set FETCHQ_TEST_DB_USER / FETCHQ_TEST_DB_PASSWORD, or unset FETCHQ_TEST_DB_URL to use"
          + " Testcontainers or embedded PostgreSQL): " + e.getMessage(), e);
    }
  }

  private static Info fromContainer(int major) {
    String image = "postgres:" + major + "-alpine";
    try {
      PostgreSQLContainer pg = new PostgreSQLContainer(image);
      pg.start(); // Ryuk removes it when the JVM exits
      Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "fetchq-test-db-stop"));
      return new Info(Kind.TESTCONTAINERS, pg.getJdbcUrl(), pg.getUsername(), pg.getPassword(), "", 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("could not start a " + image + " container with Testcontainers"
          + " (is Docker running? set FETCHQ_TEST_DB_URL or FETCHQ_TEST_DB=embedded instead): " + e.getMessage(), e);
    }
  }

  private static Info fromEmbedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(30)).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (Exception ignored) {
          // the JVM is going away; zonky reaps a stale server at its next start
        }
      }, "fetchq-test-db-stop"));
      return new Info(Kind.EMBEDDED, pg.getJdbcUrl("postgres", "postgres"), "postgres", "", "", 0);
    } catch (Exception e) {
      boolean root = "root".equals(System.getProperty("user.name"));
      throw new IllegalStateException("could not start embedded PostgreSQL"
          + (root ? " (initdb refuses root unless `unshare -U` works: set FETCHQ_TEST_DB_URL, or run as a non-root user)" : "")
          + ": " + e.getMessage(), e);
    }
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
