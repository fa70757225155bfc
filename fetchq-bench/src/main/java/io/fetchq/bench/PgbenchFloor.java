package io.fetchq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor driven by {@code pgbench}, a C client, so that what it measures is the server and the
 * round trips, not a client: the statements of the JDBC floor on the same table, prepared
 * ({@code -M prepared}), each client on its own connection. This program writes the script, runs
 * pgbench against the target's database and reads its rate ({@code tps ... without initial
 * connection time}); the rows are counted afterwards as every floor's are.
 *
 * <p>Differences from the JDBC floor, all in the floor's favour: pgbench has no string variables,
 * so subjects and payloads are built by the server from a random number ({@code 'task-' || :n}), a
 * batch's rows by {@code generate_series} (the JDBC floor sends them as arrays), and a drained
 * batch's ids travel back to the server as the array pgbench read ({@code \gset}).
 */
final class PgbenchFloor {
  private static final Pattern TPS =
      Pattern.compile("tps = ([0-9.]+) \\((without initial connection time|excluding connections establishing)\\)");
  private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");

  private PgbenchFloor() {}

  /** One INSERT per task, one client. */
  static Timer.Measurement oneByOne(Target target, String schema, int tasks) throws Exception {
    createTable(target, schema);
    String script = "\\set n random(1, 1000000000)\n" + insertOne(schema) + ";\n";
    Rate rate = run(target, script, 1, tasks);
    return measured(target, schema, FloorTable.PENDING, rate);
  }

  /** One INSERT ... SELECT of {@code batch} rows per transaction, one client. */
  static Timer.Measurement batches(Target target, String schema, int tasks, int batch) throws Exception {
    if (tasks % batch != 0) {
      throw new IllegalArgumentException("the pgbench floor pushes whole batches: --tasks must be a multiple of"
          + " --batch (" + tasks + " is not a multiple of " + batch + ")");
    }
    createTable(target, schema);
    String script = "\\set n random(1, 1000000000)\n"
        + "INSERT INTO " + FloorTable.table(schema) + " (subject, payload)"
        + " SELECT 'task-' || (:n::bigint + g), ('{\"n\":' || (:n::bigint + g) || '}')::json"
        + " FROM generate_series(1, " + batch + ") g;\n";
    Rate rate = run(target, script, 1, tasks / batch);
    return measured(target, schema, FloorTable.PENDING, rate);
  }

  /** Per task one transaction: a business row, the task row, COMMIT. */
  static Timer.Measurement inTransaction(Target target, String schema, int tasks) throws Exception {
    createTable(target, schema);
    try (Connection c = target.connect()) {
      PushFloor.createBusinessTable(c, schema);
    }
    String script = "\\set n random(1, 1000000000000000)\n"
        + "BEGIN;\n"
        + "INSERT INTO " + Target.checked(schema) + ".business_order (id) VALUES ('order-' || :client_id || '-' || :n);\n"
        + insertOne(schema) + ";\n"
        + "COMMIT;\n";
    Rate rate = run(target, script, 1, tasks);
    return measured(target, schema, FloorTable.PENDING, rate);
  }

  /**
   * {@code threads} clients take batches (one UPDATE ... RETURNING, its ids read with {@code \gset})
   * and finish them (one UPDATE ... WHERE id = ANY), each client as many batches as its share of
   * the tasks and one more that finds none, so that every task is taken whatever the interleaving.
   * With a sleeping handler a client takes one row at a time and sleeps before finishing it.
   */
  static Timer.Measurement drain(Target target, String schema, int tasks, int finished, int threads, int batch,
      Duration sleep) throws Exception {
    int take = sleep.isZero() ? batch : 1;
    try (Connection c = target.connect()) {
      FloorTable.create(c, schema);
      FloorTable.load(c, schema, "done", finished, FloorTable.DONE);
      FloorTable.load(c, schema, "task", tasks, FloorTable.PENDING);
    }
    target.vacuumAnalyze(schema);
    String t = FloorTable.table(schema);
    String script = "WITH taken AS (UPDATE " + t + " SET status = 2 WHERE id IN (SELECT id FROM " + t
        + " WHERE status = 1 ORDER BY id LIMIT " + take + " FOR UPDATE SKIP LOCKED) RETURNING id, payload)"
        + " SELECT coalesce(array_agg(id), '{}') AS ids, array_agg(payload) AS payloads FROM taken \\gset\n"
        + (sleep.isZero() ? "" : "\\sleep " + sleep.toNanos() / 1000 + " us\n")
        + "UPDATE " + t + " SET status = 3 WHERE id = ANY (:ids::bigint[]);\n";
    long perClient = (tasks + (long) take * threads - 1) / ((long) take * threads) + 1;
    Rate rate = run(target, script, threads, perClient);
    try (Connection c = target.connect()) {
      long done = FloorTable.count(c, schema, FloorTable.DONE) - finished;
      return new Timer.Measurement(done, done == 0 ? 0 : rate.seconds(), Double.NaN, Double.NaN, -1, -1,
          rate.extra());
    }
  }

  private static String insertOne(String schema) {
    return "INSERT INTO " + FloorTable.table(schema) + " (subject, payload)"
        + " VALUES ('task-' || :n, ('{\"n\":' || :n || '}')::json)";
  }

  private static void createTable(Target target, String schema) throws Exception {
    try (Connection c = target.connect()) {
      FloorTable.create(c, schema);
    }
  }

  private static Timer.Measurement measured(Target target, String schema, int status, Rate rate) throws Exception {
    try (Connection c = target.connect()) {
      return new Timer.Measurement(FloorTable.count(c, schema, status), rate.seconds(), Double.NaN, Double.NaN, -1,
          -1, rate.extra());
    }
  }

  /** What one pgbench run reported: transactions, and their rate without connection time. */
  record Rate(long transactions, double tps) {
    double seconds() {
      return transactions / tps;
    }

    Map<String, Object> extra() {
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("pgbenchTransactions", transactions);
      extra.put("pgbenchTps", tps);
      return extra;
    }
  }

  /** Runs {@code script} with {@code clients} clients, {@code transactions} each; reads the rate. */
  static Rate run(Target target, String script, int clients, long transactions) throws Exception {
    Path file = Files.createTempFile("fetchq-floor-", ".sql");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>(List.of(target.pgbench, "--no-vacuum", "--protocol=prepared",
          "--client=" + clients, "--jobs=" + clients, "--transactions=" + transactions, "--file=" + file));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      connection(target, builder.environment());
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new IllegalStateException("could not start pgbench (" + target.pgbench + "): " + e.getMessage()
            + "; install PostgreSQL's client programs (Debian: postgresql-client), name the program with"
            + " --pgbench, or compare with the JDBC floor: --floor jdbc", e);
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      Matcher tps = TPS.matcher(output);
      Matcher processed = PROCESSED.matcher(output);
      if (exit != 0 || !tps.find() || !processed.find()) {
        throw new IllegalStateException("pgbench exited with " + exit + "; script:\n" + script + "output:\n" + output);
      }
      return new Rate(Long.parseLong(processed.group(1)), Double.parseDouble(tps.group(1)));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** libpq's environment for the target's JDBC URL, user and password. */
  private static void connection(Target target, Map<String, String> env) throws Exception {
    Properties url = org.postgresql.Driver.parseURL(target.url, new Properties());
    if (url == null) {
      throw new IllegalArgumentException("--db-url is not a PostgreSQL JDBC URL: " + target.url);
    }
    env.put("PGHOST", url.getProperty("PGHOST", "localhost").split(",")[0]);
    env.put("PGPORT", url.getProperty("PGPORT", "5432").split(",")[0]);
    env.put("PGDATABASE", url.getProperty("PGDBNAME"));
    env.put("PGUSER", target.user);
    if (target.password() != null) {
      env.put("PGPASSWORD", target.password());
    } else {
      env.remove("PGPASSWORD");
    }
    env.put("PGAPPNAME", "fetchq-bench-floor");
  }
}
