package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.TaskFilter;
import io.fetchq.TaskPage;
import io.fetchq.TaskStatus;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.spi.TaskQuery;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A page of PLANNED tasks is one range scan of the planned index however many tasks share its due
 * time (one push gives a whole batch the same): the index ends with the subject, the listing's
 * second key, so nothing is sorted. An index that ended at the due time read and sorted every task
 * of the tie for each page.
 */
class ListingPlanTest {
  private final String schema = TestDatabase.newSchemaName("listing_plan");

  @AfterEach
  void dropSchema() {
    TestDatabase.dropSchema(schema);
  }

  @Test
  void aPageOfPlannedTasksSharingOneDueTimeSortsNothing() throws Exception {
    TestDatabase.Info db = TestDatabase.get();
    try (Storage storage = new PostgresStorageProvider().open(
        StorageSettings.of(db.jdbcUrl(), db.user(), db.password()).schema(schema))) {
      storage.createQueue("q", QueueOptions.defaults());
      storage.push(new PushRequest("q", IntStream.range(0, 20_000)
          .mapToObj(i -> NewTask.of(String.format("s%05d", i)).in(Duration.ofDays(1))).toList()));
      try (Connection c = TestDatabase.connection(); Statement s = c.createStatement()) {
        s.execute("ANALYZE " + schema + ".fetchq_task");
      }
      TaskPage first = storage.list(new TaskQuery("q", TaskFilter.status(TaskStatus.PLANNED).limit(50)));
      assertThat(first.tasks()).hasSize(50);
      assertThat(first.tasks().get(0).subject()).isEqualTo("s00000");

      String plan = plan("SELECT subject FROM " + schema + ".fetchq_task t"
          + " WHERE t.queue_id = (SELECT id FROM " + schema + ".fetchq_queue WHERE name = 'q')"
          + "   AND t.status = 0 ORDER BY t.next_iteration, t.subject LIMIT 51");
      assertThat(plan).contains("fetchq_task_planned").doesNotContain("Sort");
      String after = plan("SELECT subject FROM " + schema + ".fetchq_task t"
          + " WHERE t.queue_id = (SELECT id FROM " + schema + ".fetchq_queue WHERE name = 'q')"
          + "   AND t.status = 0 AND t.next_iteration >= now() + interval '1 day'"
          + "   AND (t.next_iteration, t.subject) > (now() + interval '1 day', 's10000')"
          + " ORDER BY t.next_iteration, t.subject LIMIT 51");
      assertThat(after).contains("fetchq_task_planned").doesNotContain("Sort");
    }
  }

  private static String plan(String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Connection c = TestDatabase.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
