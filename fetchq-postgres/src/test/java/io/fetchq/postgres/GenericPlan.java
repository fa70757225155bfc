package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The plan PostgreSQL chooses for one of the mapper statements under the generic plan, which
 * pgjdbc's server-side prepared statements get after a few runs: the statement is prepared with
 * its parameters untyped and explained with SQL literals for them, in a transaction that is rolled
 * back. For the plan tests of both table layouts.
 */
public final class GenericPlan {
  private static final Pattern TOTAL_COST = Pattern.compile("cost=[0-9.]+\\.\\.([0-9.]+)");
  private static final Pattern SCAN = Pattern.compile(
      "(Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|Tid Scan|Tid Range Scan)(?: Backward)?(?: using (\\S+))? on (\\S+)");
  private static final Pattern CONDITION = Pattern.compile("^\\s*(Index Cond|Recheck Cond): (.*)$");

  private final Configuration mappers;
  private final StorageSettings database;
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, Object> objects = new HashMap<>();

  private GenericPlan(Configuration mappers, StorageSettings database) {
    this.mappers = mappers;
    this.database = database;
  }

  /**
   * Plans of the statements loaded for {@code layout} in {@code schema}, for the queue {@code
   * queue} with id {@code queueId}, with values for every parameter of the task statements: a batch
   * of {@code batch} subjects {@code s0, s7, s14, ...}, lease 1, complete outcomes, defaults for the
   * rest.
   */
  public static GenericPlan of(String schema, TableLayout layout, String queue, int queueId, int batch) {
    TestDatabase.Info db = TestDatabase.get();
    return of(StorageSettings.of(db.jdbcUrl(), db.user(), db.password()).schema(schema), layout, queue, queueId, batch);
  }

  /** As {@link #of(String, TableLayout, String, int, int)}, on the database and schema of {@code database}. */
  public static GenericPlan of(StorageSettings database, TableLayout layout, String queue, int queueId, int batch) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.jdbcUrl());
    GenericPlan plan = new GenericPlan(
        PostgresStorageProvider.sessions(dataSource, database.schema(), layout).getConfiguration(), database);
    String subjects = "ARRAY[" + IntStream.range(0, batch).mapToObj(i -> "'s" + (i * 7) + "'")
        .collect(Collectors.joining(",")) + "]";
    plan.values.putAll(Map.of(
        "queueId", String.valueOf(queueId), "queue", "'" + queue + "'", "version", "NULL",
        "lockMs", "60000", "subjects", subjects, "limit", String.valueOf(batch)));
    plan.values.put("keepLast", "true");
    plan.values.put("leases", "array_fill(1::bigint, ARRAY[" + batch + "])");
    plan.values.put("kinds", "array_fill(0, ARRAY[" + batch + "])");
    for (String array : List.of("payloads:text", "versions:int", "priorities:int", "dueUs:bigint", "delayMs:bigint",
        "atUs:bigint", "messages:text", "details:text")) {
      String[] nameType = array.split(":");
      plan.values.put(nameType[0], "array_fill(NULL::" + nameType[1] + ", ARRAY[" + batch + "])");
    }
    return plan;
  }

  /** MyBatis sessions of {@code layout} in {@code schema} of the test database, as the storage makes them. */
  public static SqlSessionFactory sessions(String schema, TableLayout layout) {
    TestDatabase.Info db = TestDatabase.get();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(db.jdbcUrl());
    return sessions(dataSource, schema, layout);
  }

  /** MyBatis sessions of {@code layout} in {@code schema} on connections from {@code dataSource}. */
  public static SqlSessionFactory sessions(javax.sql.DataSource dataSource, String schema, TableLayout layout) {
    return PostgresStorageProvider.sessions(dataSource, schema, layout);
  }

  /**
   * Sets a parameter that the statement iterates over ({@code <foreach>}); its items' values are
   * given as SQL literals.
   */
  public GenericPlan withObject(String parameter, Object value) {
    objects.put(parameter, value);
    return this;
  }

  /** Sets the SQL literal given for a parameter. */
  public GenericPlan with(String parameter, String literal) {
    values.put(parameter, literal);
    return this;
  }

  /** The plan of {@code statement} (a TaskMapper statement id) in PostgreSQL's text format. */
  public String explain(String statement) throws SQLException {
    return explainStatement("io.fetchq.postgres.TaskMapper." + statement);
  }

  /** The plan of the statement with the full id {@code statement} (mapper namespace and id). */
  public String explainStatement(String statement) throws SQLException {
    return explain(statement, true);
  }

  /**
   * The plan of the statement with the full id {@code statement} under a custom plan, made for the
   * values given (what the first runs of a prepared statement get; Citus routes by them).
   */
  public String explainCustom(String statement) throws SQLException {
    return explain(statement, false);
  }

  private String explain(String statement, boolean generic) throws SQLException {
    Map<String, Object> parameters = new HashMap<>(values);
    parameters.putAll(objects);
    // ${queue} names the partition in the SQL text; #{queue} is the literal
    parameters.put("queue", values.get("queue").replace("'", ""));
    BoundSql bound = mappers.getMappedStatement(statement).getBoundSql(parameters);
    StringBuilder sql = new StringBuilder();
    int n = 0;
    // the pick's DO that asks for its generic plan is not part of what is explained
    for (char ch : bound.getSql().replaceFirst("(?s)^\\s*DO \\$\\$.*?\\$\\$;", "").toCharArray()) {
      sql.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
    }
    List<String> arguments = bound.getParameterMappings().stream().map(ParameterMapping::getProperty)
        .map(p -> {
          if (bound.hasAdditionalParameter(p)) {
            return literal(bound.getAdditionalParameter(p));
          }
          assertThat(values).as("a value for parameter %s of %s", p, statement).containsKey(p);
          return values.get(p);
        }).toList();
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
      s.execute("PREPARE explained AS " + sql);
      List<String> lines = new ArrayList<>();
      try (ResultSet r = s.executeQuery("EXPLAIN EXECUTE explained(" + String.join(", ", arguments) + ")")) {
        while (r.next()) {
          lines.add(r.getString(1));
        }
      }
      // a prepared statement outlives a rollback, and behind a pooler its server connection outlives ours
      s.execute("DEALLOCATE explained");
      c.rollback();
      return String.join("\n", lines);
    }
  }

  private static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    return "'" + value.toString().replace("'", "''") + "'";
  }

  /**
   * One scan of a table in a plan.
   *
   * @param method how the rows are read: {@code Seq Scan}, {@code Index Scan}, {@code Bitmap Heap Scan}, ...
   * @param index the index an index scan reads, or empty
   * @param relation the table read
   * @param condition the scan's {@code Index Cond} or {@code Recheck Cond}, or empty
   */
  public record Scan(String method, String index, String relation, String condition) {
    /** Whether this scan finds its rows by primary key (an index named {@code *_pkey}), with a condition on the subject. */
    public boolean isKeyLookupBySubject() {
      return (method.equals("Index Scan") || method.equals("Index Only Scan")) && index.endsWith("_pkey")
          && condition.contains("subject = ");
    }
  }

  /** Every scan of a table in a text plan, with its index condition. */
  public static List<Scan> scans(String plan) {
    List<Scan> scans = new ArrayList<>();
    String[] lines = plan.split("\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher scan = SCAN.matcher(lines[i]);
      if (!scan.find()) {
        continue;
      }
      String condition = "";
      for (int j = i + 1; j < lines.length && !lines[j].contains("->"); j++) {
        Matcher c = CONDITION.matcher(lines[j]);
        if (c.matches()) {
          condition = c.group(2);
          break;
        }
      }
      scans.add(new Scan(scan.group(1), scan.group(2) == null ? "" : scan.group(2), scan.group(3), condition));
    }
    return scans;
  }

  /** The planner's estimate of the whole statement's cost. */
  public double cost(String statement) throws SQLException {
    String plan = explain(statement);
    Matcher total = TOTAL_COST.matcher(plan);
    assertThat(total.find()).as("a total cost in the plan of %s:%n%s", statement, plan).isTrue();
    return Double.parseDouble(total.group(1));
  }
}
