package io.fetchq.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.PickRequest;
import io.fetchq.spi.PushRequest;
import io.fetchq.spi.SettleRequest;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Settle finds each outcome's task by primary key, also under PostgreSQL's generic plan (which
 * pgjdbc's server-side prepared statements get): it never reads the index of active tasks, whose
 * size would otherwise make every settle cost as much as all the tasks held at once.
 */
class SettlePlanTest {

  @Test
  void settleNeverScansTheActiveTasks() throws Exception {
    TestDatabase.Info db = TestDatabase.get();
    String schema = TestDatabase.newSchemaName("settle_plan");
    String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?")
        + "prepareThreshold=1&options=-c%20plan_cache_mode%3Dforce_generic_plan";
    long activeBefore;
    long keyBefore;
    try (Storage storage = new PostgresStorageProvider().open(StorageSettings.of(url, db.user(), db.password()).schema(schema).poolSize(2))) {
      storage.createQueue("q", QueueOptions.defaults());
      storage.push(new PushRequest("q", IntStream.range(0, 3000).mapToObj(i -> NewTask.of("t" + i)).toList()));
      List<Task> held = new ArrayList<>(storage.pick(PickRequest.of("q", 3000, Duration.ofMinutes(5))));
      activeBefore = indexReads(schema, "fetchq_task_active");
      keyBefore = indexScans(schema, "fetchq_task_pkey");
      for (int round = 0; round < 8; round++) {
        List<Outcome> outcomes = held.subList(round * 10, round * 10 + 10).stream()
            .map(t -> Outcome.complete(Lease.of(t))).toList();
        assertThat(storage.settle(new SettleRequest("q", outcomes)).applied()).isEqualTo(10);
      }
    }
    try {
      // closing the pool makes its connections report their statistics; the key's scans show it
      await().atMost(Duration.ofSeconds(30)).until(() -> indexScans(schema, "fetchq_task_pkey") >= keyBefore + 80);
      assertThat(indexReads(schema, "fetchq_task_active") - activeBefore)
          .as("index entries of active tasks read by 8 settles of 10 outcomes")
          .isZero();
    } finally {
      TestDatabase.dropSchema(schema);
    }
  }

  private static long indexReads(String schema, String index) throws Exception {
    return stat(schema, index, "idx_tup_read");
  }

  private static long indexScans(String schema, String index) throws Exception {
    return stat(schema, index, "idx_scan");
  }

  private static long stat(String schema, String index, String column) throws Exception {
    try (Connection c = TestDatabase.connection();
        PreparedStatement s = c.prepareStatement(
            "SELECT " + column + " FROM pg_stat_user_indexes WHERE schemaname = ? AND indexrelname = ?")) {
      s.setString(1, schema);
      s.setString(2, index);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    }
  }
}
