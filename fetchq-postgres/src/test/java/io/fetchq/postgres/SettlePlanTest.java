package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Settle and extend find each outcome's task by primary key under PostgreSQL's generic plan (which
 * pgjdbc's server-side prepared statements get): they never read the index of active tasks, nor
 * every task of the queue, whatever the table's statistics are. A statement that did would cost
 * as much as all the tasks of the queue on every batch of outcomes. Checked on the plan itself, the
 * same on every PostgreSQL version, both before the table was ever analyzed (a new queue, or
 * autovacuum off) and after.
 */
class SettlePlanTest {
  private static final List<String> BY_SUBJECT = List.of("settle", "extend", "get", "upsert");

  private String schema;
  private int queueId;

  @BeforeEach
  void holdThreeThousandTasks() throws Exception {
    TestDatabase.Info db = TestDatabase.get();
    schema = TestDatabase.newSchemaName("settle_plan");
    try (Storage storage = new PostgresStorageProvider().open(
        StorageSettings.of(db.jdbcUrl(), db.user(), db.password()).schema(schema).poolSize(2))) {
      storage.createQueue("q", QueueOptions.defaults());
      storage.push(new PushRequest("q", IntStream.range(0, 3000).mapToObj(i -> NewTask.of("s" + i)).toList()));
      assertThat(storage.pick(PickRequest.of("q", 3000, Duration.ofMinutes(5)))).hasSize(3000);
    }
    try (Connection c = TestDatabase.connection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id FROM " + schema + ".fetchq_queue WHERE name = 'q'")) {
      r.next();
      queueId = r.getInt(1);
    }
  }

  @AfterEach
  void dropSchema() {
    TestDatabase.dropSchema(schema);
  }

  @Test
  void theTasksOfABatchAreFoundByKeyBeforeTheTableIsAnalyzed() throws Exception {
    assertFoundByKey();
  }

  @Test
  void theTasksOfABatchAreFoundByKeyAfterTheTableIsAnalyzed() throws Exception {
    try (Connection c = TestDatabase.connection(); Statement s = c.createStatement()) {
      s.execute("ANALYZE " + schema + ".fetchq_task");
    }
    assertFoundByKey();
  }

  private void assertFoundByKey() throws Exception {
    GenericPlan plans = GenericPlan.of(schema, TableNames.POSTGRES, "q", queueId, 10);
    for (String statement : BY_SUBJECT) {
      String plan = plans.explain(statement);
      List<GenericPlan.Scan> taskScans = GenericPlan.scans(plan).stream()
          .filter(scan -> scan.relation().equals("fetchq_task")).toList();
      assertThat(taskScans).as("scans of the task table in the plan of %s:%n%s", statement, plan)
          .isNotEmpty()
          .allMatch(scan -> scan.isKeyLookupBySubject());
      assertThat(plan).as("the plan of %s", statement).doesNotContain("fetchq_task_active");
    }
  }
}
