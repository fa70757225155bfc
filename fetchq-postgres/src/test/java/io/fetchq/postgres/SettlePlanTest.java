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
 * pgjdbc's server-side prepared statements get) once the table has statistics, and never read the
 * index of active tasks, with statistics or without. A statement that read that index, or every
 * task of the queue, would cost as much as all the tasks of the queue on every batch of outcomes.
 * Checked on the plan itself, with the statistics made by an explicit {@code ANALYZE} rather than
 * awaited from the statistics collector, so the result is the same on every PostgreSQL version and
 * with autovacuum on or off.
 */
class SettlePlanTest {
  private static final List<String> BY_SUBJECT = List.of("settle", "extend", "get", "upsert");
  private static final List<String> JOINED_TO_OUTCOMES = List.of("settle", "extend");

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
  void theActiveIndexIsNeverReadBeforeTheTableIsAnalyzed() throws Exception {
    GenericPlan plans = GenericPlan.of(schema, new PlainLayout(), "q", queueId, 10);
    for (String statement : BY_SUBJECT) {
      assertThat(plans.explain(statement)).as("the plan of %s", statement).doesNotContain("fetchq_task_active");
    }
  }

  @Test
  void theTasksOfABatchAreFoundByKeyOnceTheTableIsAnalyzed() throws Exception {
    try (Connection c = TestDatabase.connection(); Statement s = c.createStatement()) {
      s.execute("ANALYZE " + schema + ".fetchq_task");
    }
    GenericPlan plans = GenericPlan.of(schema, new PlainLayout(), "q", queueId, 10);
    for (String statement : BY_SUBJECT) {
      String plan = plans.explain(statement);
      List<GenericPlan.Scan> taskScans = GenericPlan.scans(plan).stream()
          .filter(scan -> scan.relation().equals("fetchq_task")).toList();
      assertThat(taskScans).as("scans of the task table in the plan of %s:%n%s", statement, plan)
          .isNotEmpty()
          .allMatch(GenericPlan.Scan::isKeyLookupBySubject);
      assertThat(plan).as("the plan of %s", statement).doesNotContain("fetchq_task_active");
      if (JOINED_TO_OUTCOMES.contains(statement)) {
        // a lookup per outcome that also carried "subject = ANY (all subjects)" walked the whole
        // array for every outcome: the drain ran at a fifth of its speed
        assertThat(taskScans).as("key lookups of %s:%n%s", statement, plan)
            .noneMatch(scan -> scan.condition().contains("ANY"));
      }
    }
  }
}
