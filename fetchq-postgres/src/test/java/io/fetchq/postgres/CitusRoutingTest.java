package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Every statement of one queue runs on the one shard that holds the queue, as Citus plans it: its
 * {@code EXPLAIN} is a Citus router plan of one task, with no subplan pulled to the coordinator and
 * no other shard touched; push and upsert touch that shard alone too, in subplans (below). Each plan
 * is printed. Runs when {@code FETCHQ_TEST_CITUS_URL} names a coordinator (see {@link
 * CitusConformanceTest}); the table of results is in docs/scaling.md.
 */
@EnabledIfEnvironmentVariable(named = CitusCluster.URL, matches = ".+",
    disabledReason = "set FETCHQ_TEST_CITUS_URL to a Citus coordinator to check routing on Citus")
class CitusRoutingTest {
  private static final Pattern TASK_COUNT = Pattern.compile("Task Count: (\\d+)");
  private static final String QUEUE = "routed";
  private static final Map<String, String> STATEMENTS = new LinkedHashMap<>();

  static {
    // push and upsert of up to 32 tasks run on Citus as queueClock, lockRows, updateRows, insertRows
    // and countWrites (RoutedPush); larger ones as push and upsert
    for (String id : List.of("queueClock", "lockRows", "updateRows", "insertRows", "countWrites", "push", "upsert",
        "get", "list", "pickFromBlock",
        "settle", "extend", "promote", "recoverOrphans", "retire")) {
      STATEMENTS.put(id, "io.fetchq.postgres.TaskMapper." + id);
    }
    STATEMENTS.put("errors", "io.fetchq.postgres.ErrorMapper.errors");
    STATEMENTS.put("log", "io.fetchq.postgres.ErrorMapper.log");
    STATEMENTS.put("prune", "io.fetchq.postgres.ErrorMapper.prune");
    STATEMENTS.put("stats", "io.fetchq.postgres.QueueMapper.stats");
  }

  private static StorageSettings settings;
  private static Storage storage;

  @BeforeAll
  static void openOnTheCluster() {
    settings = CitusCluster.settings().schema(TestDatabase.newSchemaName("citus_routing"));
    storage = new PostgresStorageProvider().open(settings);
    storage.createQueue(QUEUE, QueueOptions.defaults());
    storage.push(new PushRequest(QUEUE,
        IntStream.range(0, 100).mapToObj(i -> NewTask.of("s" + i * 7)).toList()));
  }

  @AfterAll
  static void dropSchema() throws Exception {
    if (storage != null) {
      storage.close();
    }
    try (Connection c = connection()) {
      TestDatabase.dropSchema(c, settings.schema());
    }
  }

  /**
   * The one-statement push and upsert insert through a CTE, which Citus's router planner does not
   * take: it runs the CTEs as subplans through the coordinator, each on the queue's shard alone.
   * On Citus they serve pushes and upserts of more than 32 tasks, where they are faster than the
   * routed statements (docs/scaling.md).
   */
  private static final Set<String> THROUGH_THE_COORDINATOR = Set.of("push", "upsert");

  @Test
  void everyStatementOfOneQueueIsRoutedToOneShard() throws Exception {
    GenericPlan plans = GenericPlan.of(settings, new PlainLayout(), QUEUE, queueId(), 10)
        .with("subject", "NULL").with("leaseBase", "0").with("slot", "3").with("planned", "1").with("pending", "1")
        .with("completed", "-1").with("killed", "0").with("pushed", "1")
        .with("rows.subjects", "ARRAY['s0','s7']").with("rows.payloads", "ARRAY[NULL,'{}']::text[]")
        .with("rows.versions", "ARRAY[0,0]").with("rows.priorities", "ARRAY[0,0]").with("rows.statuses", "ARRAY[1,0]")
        .with("rows.dueUs", "ARRAY[0,0]::bigint[]")
        .withObject("rows", List.of(
            new RoutedPush.NewRow("n1", null, 0, 0, 1, java.time.Instant.parse("2026-01-01T00:00:00Z")),
            new RoutedPush.NewRow("n2", "{}", 0, 0, 0, java.time.Instant.parse("2027-01-01T00:00:00Z"))))
        .withObject("entries", List.of(new ErrorEntry("s0", 1, "failed", null), new ErrorEntry("s7", 2, "failed", "{}")));
    SoftAssertions softly = new SoftAssertions();
    for (Map.Entry<String, String> statement : STATEMENTS.entrySet()) {
      String plan;
      try {
        plan = plans.explainCustom(statement.getValue());
      } catch (SQLException e) {
        softly.fail("%s cannot be planned: %s", statement.getKey(), e.getMessage());
        continue;
      }
      System.out.printf("%s:%n%s%n%n", statement.getKey(), plan);
      softly.assertThat(plan).as("%s is planned by Citus", statement.getKey()).contains("Custom Scan (Citus");
      softly.assertThat(plan).as("%s is not repartitioned", statement.getKey()).doesNotContain("repartition");
      if (!THROUGH_THE_COORDINATOR.contains(statement.getKey())) {
        softly.assertThat(plan).as("%s runs as one routed statement", statement.getKey())
            .doesNotContain("Distributed Subplan").doesNotContain("pull to coordinator");
      }
      Matcher counts = TASK_COUNT.matcher(plan);
      while (counts.find()) {
        softly.assertThat(counts.group(1)).as("%s runs on one shard", statement.getKey()).isEqualTo("1");
      }
    }
    softly.assertAll();
  }

  private static int queueId() throws Exception {
    try (Connection c = connection();
        PreparedStatement s = c.prepareStatement(
            "SELECT id FROM \"" + settings.schema() + "\".fetchq_queue WHERE name = ?")) {
      s.setString(1, QUEUE);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as("queue %s exists", QUEUE).isTrue();
        return r.getInt(1);
      }
    }
  }

  private static Connection connection() throws Exception {
    return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
  }
}
