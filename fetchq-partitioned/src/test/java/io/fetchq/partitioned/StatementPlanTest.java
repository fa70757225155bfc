package io.fetchq.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.postgres.PostgresStorageProvider;
import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.StorageConformance;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
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
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The shared statements stay cheap in the planner's eyes on a large queue whose partition has no
 * statistics of its own, which is the normal case: autovacuum analyzes the leaves but never a
 * partitioned table. A statement estimated above {@code jit_above_cost} (100,000 by default) is
 * JIT-compiled on every run, which cost 0.2 to 0.7 s a statement in the 1,000,000-task benchmark.
 * Checked under the generic plan that pgjdbc's prepared statements get after a few runs.
 */
class StatementPlanTest extends StorageConformance {
  /** A tenth of PostgreSQL's default jit_above_cost, so that a queue ten times larger stays below it. */
  private static final double MAX_COST = 10_000;
  private static final Pattern TOTAL_COST = Pattern.compile("\"Total Cost\": ([0-9.]+)");

  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }

  @Test
  void theStatementsOfALargeQueueStayBelowTheJitThreshold() throws SQLException {
    String queue = newQueue();
    int id;
    try (Connection c = TestDatabase.connection(); Statement s = c.createStatement()) {
      id = intValue(s, "SELECT id FROM " + schema + ".fetchq_part_queue WHERE name = '" + queue + "'");
      s.execute("INSERT INTO " + schema + ".fetchq_ptask_" + queue
          + " (queue_id, subject, payload, version, priority, status, next_iteration, last_iteration)"
          + " SELECT " + id + ", 's' || i, '{}', 0, 0, CASE WHEN i % 100 = 0 THEN 1 WHEN i % 2 = 0 THEN 3 ELSE 0 END,"
          + " now() + CASE WHEN i % 100 = 0 THEN interval '-1 minute' ELSE interval '1 day' END, now()"
          + " FROM generate_series(1, 600000) i");
      for (String leaf : strings(s, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
          + " WHERE i.inhparent = '" + schema + ".fetchq_ptask_" + queue + "'::regclass")) {
        s.execute("ANALYZE " + schema + "." + leaf); // what autovacuum does; never the partition itself
      }
    }
    Configuration mappers = mappers();
    String subjects = "ARRAY[" + IntStream.range(0, 100).mapToObj(i -> "'s" + (i * 7) + "'")
        .collect(Collectors.joining(",")) + "]";
    Map<String, String> values = new HashMap<>(Map.of(
        "queueId", String.valueOf(id), "queue", "'" + queue + "'", "version", "NULL",
        "lockMs", "60000", "subjects", subjects));
    values.put("leases", "array_fill(1::bigint, ARRAY[100])");
    values.put("kinds", "array_fill(0, ARRAY[100])");
    for (String array : List.of("payloads:text", "versions:int", "priorities:int", "dueUs:bigint", "delayMs:bigint",
        "atUs:bigint", "messages:text", "details:text")) {
      String[] nameType = array.split(":");
      values.put(nameType[0], "array_fill(NULL::" + nameType[1] + ", ARRAY[100])");
    }

    for (String statement : List.of("pick", "promote", "recoverOrphans", "push", "get", "upsert", "settle", "extend")) {
      // pick takes a batch; maintenance takes fetchq.maintenance.limit rows, 1,000 by default
      values.put("limit", statement.equals("pick") ? "100" : "1000");
      double cost = genericPlanCost(mappers, "io.fetchq.postgres.TaskMapper." + statement, values);
      assertThat(cost).as("estimated cost of %s on a queue of 600,000 tasks", statement).isLessThan(MAX_COST);
    }
  }

  private Configuration mappers() {
    TestDatabase.Info db = TestDatabase.get();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(db.jdbcUrl());
    return PostgresStorageProvider.sessions(dataSource, schema, PartitionedStorage.TABLES, PartitionMapper.class)
        .getConfiguration();
  }

  /** The statement prepared with its parameters untyped and explained with {@code values} (SQL literals), as a generic plan. */
  private static double genericPlanCost(Configuration mappers, String statement, Map<String, String> values)
      throws SQLException {
    Map<String, Object> parameters = new HashMap<>(values);
    parameters.put("keepLast", true);
    // ${queue} names the partition in the SQL text; #{queue} is the literal below
    parameters.put("queue", values.get("queue").replace("'", ""));
    BoundSql bound = mappers.getMappedStatement(statement).getBoundSql(parameters);
    StringBuilder sql = new StringBuilder();
    int n = 0;
    for (char ch : bound.getSql().toCharArray()) {
      sql.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
    }
    List<String> arguments = bound.getParameterMappings().stream().map(ParameterMapping::getProperty)
        .map(p -> {
          assertThat(values).as("a value for parameter %s of %s", p, statement).containsKey(p);
          return values.get(p);
        }).toList();
    try (Connection c = TestDatabase.connection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
      s.execute("PREPARE explained AS " + sql);
      String plan = String.join("\n", strings(s,
          "EXPLAIN (FORMAT JSON) EXECUTE explained(" + String.join(", ", arguments) + ")"));
      c.rollback();
      Matcher total = TOTAL_COST.matcher(plan);
      assertThat(total.find()).as("a total cost in the plan of %s", statement).isTrue();
      return Double.parseDouble(total.group(1));
    }
  }

  private static int intValue(Statement s, String sql) throws SQLException {
    return Integer.parseInt(strings(s, sql).get(0));
  }

  private static List<String> strings(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (r.next()) {
        values.add(r.getString(1));
      }
      return values;
    }
  }
}
