package io.fetchq.partitioned;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.postgres.GenericPlan;
import io.fetchq.spi.StorageProvider;
import io.fetchq.tck.StorageConformance;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared statements stay cheap in the planner's eyes on a large queue whose partition has no
 * statistics of its own, which is the normal case: autovacuum analyzes the leaves but never a
 * partitioned table. A statement estimated above {@code jit_above_cost} (100,000 by default) is
 * JIT-compiled on every run, which cost 0.2 to 0.7 s a statement in the 1,000,000-task benchmark.
 * Checked under the generic plan that pgjdbc's prepared statements get after a few runs. The
 * statements that address tasks by subject read each leaf by its primary key.
 */
class StatementPlanTest extends StorageConformance {
  /** A tenth of PostgreSQL's default jit_above_cost, so that a queue ten times larger stays below it. */
  private static final double MAX_COST = 10_000;

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
    GenericPlan plans = GenericPlan.of(schema, new PartitionedLayout(), queue, id, 100);
    for (String statement : List.of("pick", "promote", "recoverOrphans", "push", "get", "upsert", "settle", "extend")) {
      // pick takes a batch; maintenance takes fetchq.maintenance.limit rows, 1,000 by default
      plans.with("limit", statement.equals("pick") ? "100" : "1000");
      assertThat(plans.cost(statement)).as("estimated cost of %s on a queue of 600,000 tasks", statement)
          .isLessThan(MAX_COST);
    }
    for (String statement : List.of("settle", "extend", "get", "upsert")) {
      String plan = plans.explain(statement);
      assertThat(GenericPlan.scans(plan).stream().filter(scan -> scan.relation().startsWith("fetchq_pleaf_")))
          .as("scans of the queue's leaves in the plan of %s:%n%s", statement, plan)
          .isNotEmpty()
          .allMatch(GenericPlan.Scan::isKeyLookupBySubject);
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
