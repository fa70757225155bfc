package io.fetchq.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Where the workloads run: the backend, the database and how many interleaved runs; shared by every
 * workload. Each run works in a schema of its own, created for it and dropped afterwards.
 */
final class Target {
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 6);
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  @Option(names = "--storage", defaultValue = "postgres", description = "The backend, by name (default: ${DEFAULT-VALUE}).")
  String storage;

  @Option(names = "--db-url", defaultValue = "${env:FETCHQ_DB_URL:-jdbc:postgresql://127.0.0.1:5432/test}",
      description = "JDBC URL (default: FETCHQ_DB_URL, else ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--db-user", defaultValue = "${env:FETCHQ_DB_USER:-postgres}",
      description = "Database user (default: FETCHQ_DB_USER, else postgres).")
  String user;

  @Option(names = "--db-password", defaultValue = "${env:FETCHQ_DB_PASSWORD:-}",
      description = "Database password (default: FETCHQ_DB_PASSWORD, else none).")
  String password;

  @Option(names = "--runs", defaultValue = "3",
      description = "Runs of each side, interleaved floor, fetchq, floor, fetchq, ... (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--floor", defaultValue = "pgbench",
      description = "The floor push and drain are compared with: pgbench (the floor's SQL driven by pgbench, a C"
          + " client, run by this program), jdbc (the same SQL through JDBC in this JVM), or both (the ratio is"
          + " to pgbench's; jdbc's rate is reported beside it). Other workloads have the jdbc floor only"
          + " (default: ${DEFAULT-VALUE}).")
  Floor floor;

  @Option(names = "--pgbench", defaultValue = "pgbench",
      description = "The pgbench program, by path or by name on the PATH (default: ${DEFAULT-VALUE}).")
  String pgbench;

  @Option(names = "--warmup", defaultValue = "1",
      description = "Fetchq runs in this JVM before the measured ones, not counted (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--cold", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Besides each warmed-up run, run Fetchq once more in a fresh JVM (the same JVM options and"
          + " class path), as a service starting up sees it; its peak RSS is the whole process's (default: on).")
  boolean cold;

  /** Set in the fresh JVM of a cold run: the one variant it runs, once, Fetchq's side only. */
  @Option(names = "--cold-child", hidden = true)
  String coldChild;

  @Option(names = "--count-statements",
      description = "Give Fetchq a pool wrapped in a statement counter and report statements per task and"
          + " their round trips (the listener then borrows a pool connection).")
  boolean countStatements;

  /** Which floor push and drain are compared with. */
  enum Floor {
    pgbench, jdbc, both;

    boolean runsPgbench() {
      return this != jdbc;
    }

    boolean runsJdbc() {
      return this != pgbench;
    }
  }

  /** True in the fresh JVM of a cold run. */
  boolean isColdChild() {
    return coldChild != null;
  }

  String password() {
    return password == null || password.isEmpty() ? null : password;
  }

  Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url, user, password() == null ? "" : password());
    connection.setAutoCommit(true);
    return connection;
  }

  /** A schema name no other run uses: {@code bench_<workload>_<impl>_<random>_<n>}. */
  String newSchema(String workload, String impl) {
    String name = ("bench_" + workload + "_" + impl + "_" + RUN_ID + "_" + SCHEMAS.incrementAndGet())
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (!SCHEMA.matcher(name).matches()) {
      throw new IllegalStateException("made a bad schema name: " + name);
    }
    return name;
  }

  void createSchema(String schema) throws SQLException {
    execute("CREATE SCHEMA " + checked(schema));
  }

  void dropSchema(String schema) throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + checked(schema) + " CASCADE");
  }

  /** The settings of the server that decide what a result means, by name, in this order. */
  static final List<String> SERVER_SETTINGS = List.of("server_version", "autovacuum", "synchronous_commit",
      "shared_buffers", "max_wal_size", "jit", "work_mem");

  /** The values of {@link #SERVER_SETTINGS} on the server, by name. */
  Map<String, Object> serverSettings() throws SQLException {
    Map<String, Object> settings = new LinkedHashMap<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT current_setting(?)")) {
      for (String name : SERVER_SETTINGS) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          settings.put(name, r.getString(1));
        }
      }
    }
    return settings;
  }

  /** VACUUM ANALYZE of every table in the schema, as autovacuum would leave them after a bulk load. */
  void vacuumAnalyze(String schema) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String table : tables(c, schema)) {
        s.execute("VACUUM ANALYZE " + checked(schema) + "." + checked(table));
      }
    }
  }

  /** Bytes: {@code pg_total_relation_size} (heap, indexes, TOAST) summed over the schema's tables. */
  long tableBytes(String schema) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** A Fetchq client on {@code schema}; {@code setup} declares its queues and workers. */
  Client open(String schema, UnaryOperator<Fetchq.Builder> setup) {
    return open(schema, FetchqConfig.load().withStorage(storage), setup);
  }

  /** A Fetchq client on {@code schema} with {@code config}; {@code setup} declares its queues and workers. */
  Client open(String schema, FetchqConfig base, UnaryOperator<Fetchq.Builder> setup) {
    FetchqConfig config = base.withSchema(schema);
    if (!countStatements) {
      Fetchq.Builder builder = Fetchq.builder().config(config.withDatabase(url, user, password())).shutdownHook(false);
      return new Client(setup.apply(builder).build(), null, null);
    }
    // the program's own data source: the configuration must then name no database
    Fetchq.Builder builder = Fetchq.builder().config(config.withDatabase(null, null, null)).shutdownHook(false);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("bench-" + schema);
    pool.setJdbcUrl(url);
    pool.setUsername(user);
    pool.setPassword(password());
    pool.setMaximumPoolSize(config.dbPoolSize());
    pool.setMinimumIdle(Math.min(2, config.dbPoolSize()));
    HikariDataSource dataSource = new HikariDataSource(pool);
    StatementCounter counter = new StatementCounter(dataSource);
    try {
      return new Client(setup.apply(builder.dataSource(counter.dataSource())).build(), counter, dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> tables(Connection c, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relkind = 'r' ORDER BY 1")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
    }
    return tables;
  }

  static String checked(String identifier) {
    if (!SCHEMA.matcher(identifier).matches()) {
      throw new IllegalArgumentException("not a plain identifier: " + identifier);
    }
    return identifier;
  }

  /** A Fetchq client, with its statement counter and pool when counting. */
  record Client(Fetchq fetchq, StatementCounter counter, HikariDataSource pool) implements AutoCloseable {
    void resetCounts() {
      if (counter != null) {
        counter.reset();
      }
    }

    /** Adds {@code statements} (per statement name) to {@code extra} when counting. */
    void addCounts(java.util.Map<String, Object> extra, long tasks) {
      if (counter != null) {
        extra.put("statements", counter.perTask(tasks));
      }
    }

    @Override
    public void close() {
      try {
        fetchq.close();
      } finally {
        if (pool != null) {
          pool.close();
        }
      }
    }
  }
}
