package io.fetchq.partitioned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.NewTask;
import io.fetchq.QueueOptions;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.postgres.GenericPlan;
import io.fetchq.postgres.PostgresStorageProvider;
import io.fetchq.spi.Lease;
import io.fetchq.spi.Outcome;
import io.fetchq.spi.Storage;
import io.fetchq.spi.StorageProvider;
import io.fetchq.spi.StorageSettings;
import io.fetchq.tck.Concurrently;
import io.fetchq.tck.StorageConformance;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Test;

/**
 * What the partitioned layout promises beyond the contract, read from the catalog: a queue is a
 * partition hashed by subject, made with the queue; drop and truncate are partition operations;
 * the error log is made ahead and retired by day; queues come and go while a transaction holds
 * another queue's partition; both backends share a schema.
 */
class PartitionLayoutTest extends StorageConformance {

  @Override
  protected StorageProvider provider() {
    return new PartitionedStorageProvider();
  }

  /** Partition housekeeping on the storage's schema, as a maintenance pass runs it. */
  private Partitions partitions() {
    return new Partitions(GenericPlan.sessions(schema, new PartitionedLayout()), schema);
  }

  @Test
  void aQueueIsAPartitionOfTheTaskTableHashedBySubject() throws SQLException {
    String queue = newQueue();
    pushMany(queue, "s", 200);

    assertThat(strings("SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c"
        + " WHERE c.oid = to_regclass('" + schema + ".fetchq_ptask_" + queue + "')"))
        .singleElement().asString().startsWith("FOR VALUES IN (");
    assertThat(strings("SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
        + " WHERE i.inhrelid = to_regclass('" + schema + ".fetchq_ptask_" + queue + "')"))
        .containsExactly("fetchq_part_task");
    List<String> leaves = leaves(queue);
    assertThat(leaves).hasSize(4).allMatch(l -> l.matches("fetchq_pleaf_[0-9]+_[0-3]"));
    assertThat(strings("SELECT DISTINCT tableoid::regclass::text FROM " + schema + ".fetchq_ptask_" + queue))
        .as("200 subjects land in every leaf").hasSize(4);
    assertThat(strings("SELECT count(*) FROM " + schema + ".fetchq_part_task"
        + " WHERE queue_id = (SELECT id FROM " + schema + ".fetchq_part_queue WHERE name = '" + queue + "')"))
        .as("the parent holds the partition's rows").containsExactly("200");
  }

  @Test
  void dropDetachesAndDropsTheQueuesPartition() throws SQLException {
    String queue = newQueue();
    pushMany(queue, "s", 50);
    List<String> leaves = leaves(queue);

    assertThat(storage.dropQueue(queue)).isTrue();

    assertThat(strings("SELECT to_regclass('" + schema + ".fetchq_ptask_" + queue + "')::text")).containsOnlyNulls();
    for (String leaf : leaves) {
      assertThat(strings("SELECT to_regclass('" + schema + "." + leaf + "')::text")).containsOnlyNulls();
    }
    assertThat(strings("SELECT relname FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace"
        + " AND relname LIKE 'fetchq_pdrop%'")).isEmpty();
    assertThat(storage.createQueue(queue, QueueOptions.defaults())).as("the name is free again").isTrue();
    assertThat(push(queue, NewTask.of("s00000")).added()).containsExactly("s00000");
  }

  @Test
  void truncateEmptiesTheLeavesWithoutDeletingRows() throws SQLException {
    String queue = newQueue();
    pushMany(queue, "s", 100);
    List<String> before = strings("SELECT relfilenode::text FROM pg_class WHERE relname LIKE 'fetchq_pleaf_%'"
        + " AND relnamespace = '" + schema + "'::regnamespace AND relname = ANY (ARRAY['" + String.join("','", leaves(queue)) + "'])");

    assertThat(storage.truncateQueue(queue)).isEqualTo(100);

    List<String> after = strings("SELECT relfilenode::text FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace"
        + " AND relname = ANY (ARRAY['" + String.join("','", leaves(queue)) + "'])");
    assertThat(after).hasSize(4).doesNotContainAnyElementsOf(before);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void theErrorLogHasItsDaysMadeAhead() throws SQLException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<String> days = strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        + " WHERE i.inhparent = to_regclass('" + schema + ".fetchq_part_error')");

    assertThat(days).contains(
        Partitions.errorDay(today.minusDays(1)), Partitions.errorDay(today),
        Partitions.errorDay(today.plusDays(Partitions.DAYS_AHEAD - 1)));
  }

  @Test
  void aDayOfTheErrorLogPastEveryRetentionIsRetiredWhole() throws SQLException {
    String queue = newQueue(QueueOptions.defaults().errorRetention(Duration.ofDays(2)));
    String old = Partitions.errorDay(LocalDate.of(2020, 1, 1));
    execute("CREATE TABLE " + schema + "." + old + " (LIKE " + schema + ".fetchq_part_error INCLUDING DEFAULTS)",
        "ALTER TABLE " + schema + ".fetchq_part_error ATTACH PARTITION " + schema + "." + old
            + " FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2020-01-02 00:00:00+00')",
        "INSERT INTO " + schema + ".fetchq_part_error (queue_id, subject, attempt, message, created_at)"
            + " SELECT id, 'ancient', 1, 'long ago', '2020-01-01 12:00:00+00' FROM " + schema
            + ".fetchq_part_queue WHERE name = '" + queue + "'");
    assertThat(errors(queue)).extracting(e -> e.message()).containsExactly("long ago");

    Partitions.Pass pass = partitions().housekeep(queue);

    assertThat(pass.ran()).isTrue();
    assertThat(pass.errorDaysRetired()).isEqualTo(1);
    assertThat(pass.queueEntriesRetired()).isEqualTo(1);
    assertThat(strings("SELECT to_regclass('" + schema + "." + old + "')::text")).containsOnlyNulls();
    assertThat(errors(queue)).isEmpty();
    assertThat(partitions().housekeep(queue).errorDaysRetired()).as("the days within retention stay").isZero();
  }

  /**
   * Through a transaction pooler, the statements of one pass run on different server connections:
   * housekeeping leaves nothing held or set on any of them. (It took a session advisory lock on one
   * and gave it back on another, so the lock stayed and kept every later pass out, and a storage
   * opening with days missing waited for it for ever; and it set its lock_timeout on one and set it
   * back on another.)
   */
  @Test
  void housekeepingThroughATransactionPoolerLeavesNothingHeld() throws SQLException {
    String queue = newQueue(QueueOptions.defaults());
    try (StatementPooler pooler = new StatementPooler(3)) {
      Partitions pooled = new Partitions(GenericPlan.sessions(pooler, schema, new PartitionedLayout()), schema);
      for (int pass = 0; pass < 3; pass++) {
        assertThat(pooled.housekeep(queue).ran()).as("pass %d through the pooler", pass).isTrue();
      }

      assertThat(partitions().housekeep(queue).ran()).as("a pass of another process after them").isTrue();
      assertThat(strings("SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory'")).containsExactly("0");
      assertThat(pooler.settings("lock_timeout")).as("lock_timeout on each server connection").containsOnly("0");
    }
  }

  /** Each housekeeping statement that takes locks is bounded by the timeout the lease counts on. */
  @Test
  void housekeepingStatementsThatTakeLocksAreBoundedByTheStatementTimeout() {
    Configuration configuration = GenericPlan.sessions(schema, new PartitionedLayout()).getConfiguration();
    for (String statement : List.of("createErrorDay", "detachConcurrently", "detachFinalize", "dropTable")) {
      assertThat(configuration.getMappedStatement(PartitionMapper.class.getName() + "." + statement).getTimeout())
          .as(statement).isEqualTo((int) Partitions.STATEMENT_TIMEOUT.toSeconds());
    }
  }

  /**
   * The housekeeping lease keeps a second process out while the first holds it, and lets it in once
   * the first gave it back or, when the first stopped without doing so, once it ran out.
   */
  @Test
  void oneProcessHousekeepsAtATimeUntilItsLeaseRunsOut() throws SQLException {
    String queue = newQueue(QueueOptions.defaults());
    execute("UPDATE " + schema + ".fetchq_part_housekeeper SET holder = gen_random_uuid(),"
        + " expires_at = clock_timestamp() + interval '1 minute'");

    assertThat(partitions().housekeep(queue).ran()).as("while another process holds the lease").isFalse();

    execute("UPDATE " + schema + ".fetchq_part_housekeeper SET expires_at = clock_timestamp() - interval '1 second'");
    assertThat(partitions().housekeep(queue).ran()).as("once its lease ran out").isTrue();
    assertThat(strings("SELECT (holder IS NULL AND expires_at = '-infinity')::text FROM " + schema + ".fetchq_part_housekeeper"))
        .as("given back after the pass").containsExactly("true");
  }

  /**
   * A transaction that holds a lock on the task table (as every worker's statement does for its
   * moment) does not stop a queue being made and used; a drop's concurrent detach waits for that
   * transaction to end, while workers of other queues go on.
   */
  @Test
  void queuesComeAndGoWhileAnotherQueuesPartitionIsHeld() throws Exception {
    String busy = newQueue();
    pushMany(busy, "b", 100);
    String coming;
    Duration dropTook;
    AtomicInteger pickedDuringDrop = new AtomicInteger();
    try (Connection holder = TestDatabase.connection()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        // a query of a queue's partition locks the task table only while its backend has not yet
        // cached the partition's bounds; a warm server connection (behind a pooler) does not
        s.execute("LOCK TABLE " + schema + ".fetchq_part_task IN ACCESS SHARE MODE");
        s.executeQuery("SELECT count(*) FROM " + schema + ".fetchq_ptask_" + busy + " WHERE status = 1").close();
      }
      long start = System.nanoTime();
      coming = newQueue();
      push(coming, NewTask.of("x"));
      settleApplied(coming, Outcome.complete(Lease.of(pickOnly(coming, "x"))));
      assertThat(pick(busy, 5)).hasSize(5);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("create, push, pick, settle under the held lock")
          .isLessThan(Duration.ofSeconds(3));

      CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 10; i++) {
          pickedDuringDrop.addAndGet(pick(busy, 1).size());
        }
        try {
          holder.commit();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
      long dropStart = System.nanoTime();
      assertThat(storage.dropQueue(coming)).isTrue();
      dropTook = Duration.ofNanos(System.nanoTime() - dropStart);
      worker.get(30, TimeUnit.SECONDS);
    }

    assertThat(pickedDuringDrop.get()).as("picks of another queue while the drop waited").isEqualTo(10);
    assertThat(dropTook).as("the detach waited for the holder").isGreaterThan(Duration.ofMillis(900));
    assertThat(strings("SELECT relname FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace"
        + " AND relname LIKE 'fetchq_pdrop%'")).isEmpty();
    assertThat(storage.createQueue(coming, QueueOptions.defaults())).isTrue();
    assertThat(stats(busy).active()).isEqualTo(15);
  }

  /**
   * A concurrent detach cut short leaves its partition detaching, which stops any other detach of
   * the same table: housekeeping finishes it first, then retires the rest.
   */
  @Test
  void housekeepingFinishesADetachCutShort() throws Exception {
    String root = schema + ".fetchq_part_task";
    for (int id : new int[] {999_998, 999_999}) {
      String table = schema + "." + Partitions.droppedQueue(id);
      execute("CREATE TABLE " + table + " (LIKE " + root + " INCLUDING DEFAULTS) PARTITION BY HASH (subject)",
          "CREATE TABLE " + table + "_0 PARTITION OF " + table + " FOR VALUES WITH (MODULUS 1, REMAINDER 0)",
          "ALTER TABLE " + root + " ATTACH PARTITION " + table + " FOR VALUES IN (" + id + ")");
    }
    try (Connection holder = TestDatabase.connection();
        Connection detacher = TestDatabase.connection()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.executeQuery("SELECT count(*) FROM " + root).close();
      }
      try (Statement s = detacher.createStatement()) {
        s.execute("SET lock_timeout = '200ms'");
        assertThatThrownBy(() -> s.execute("ALTER TABLE " + root + " DETACH PARTITION " + schema + "."
            + Partitions.droppedQueue(999_999) + " CONCURRENTLY"))
            .hasMessageContaining("lock timeout");
      }
      holder.commit();
    }
    assertThat(strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        + " WHERE i.inhdetachpending AND c.relnamespace = '" + schema + "'::regnamespace")).containsExactly(Partitions.droppedQueue(999_999));

    assertThat(partitions().housekeep(null).queueTablesDropped()).isEqualTo(2);

    assertThat(strings("SELECT relname FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace"
        + " AND relname LIKE 'fetchq_pdrop%'")).isEmpty();
  }

  /** Workers of one queue keep going, and fail nothing, while other queues are made and dropped. */
  @Test
  void workersGoOnWhileOtherQueuesAreMadeAndDropped() {
    String busy = newQueue();
    AtomicInteger settled = new AtomicInteger();
    AtomicInteger cycles = new AtomicInteger();
    AtomicLong slowestPickNanos = new AtomicLong();
    long stopAt = System.nanoTime() + Duration.ofMillis(2500).toNanos();
    AtomicBoolean churnDone = new AtomicBoolean();

    // five queues made and dropped, and at least 2.5 s of it, however slow the machine
    Concurrently.run(5, Duration.ofSeconds(60), worker -> {
      int sequence = 0;
      if (worker == 0) {
        try {
          while (cycles.get() < 5 || System.nanoTime() < stopAt) {
            String queue = "churn_" + cycles.incrementAndGet();
            assertThat(storage.createQueue(queue, QueueOptions.defaults())).isTrue();
            push(queue, NewTask.of("a"), NewTask.of("b"));
            pick(queue, 1);
            assertThat(storage.dropQueue(queue)).isTrue();
          }
        } finally {
          churnDone.set(true);
        }
        return;
      }
      while (!churnDone.get()) {
        if (worker == 1) {
          List<NewTask> batch = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            batch.add(NewTask.of("w" + sequence++));
          }
          push(busy, batch);
        } else {
          long start = System.nanoTime();
          List<Task> picked = pick(busy, 10);
          slowestPickNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
          if (!picked.isEmpty()) {
            settled.addAndGet(settle(busy, picked.stream().map(t -> Outcome.complete(Lease.of(t))).toList()).applied());
          }
        }
      }
    });

    assertThat(settled.get()).isPositive();
    System.out.printf("%d queues made and dropped while %d tasks were settled; slowest pick %d ms%n",
        cycles.get(), settled.get(), Duration.ofNanos(slowestPickNanos.get()).toMillis());
    assertThat(strings0("SELECT relname FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace"
        + " AND relkind IN ('r', 'p') AND relname ~ '^fetchq_(ptask_churn|pdrop)_'"))
        .as("no partition of a dropped queue is left").isEmpty();
    assertCountersAgreeWithRows(busy);
  }

  @Test
  void bothBackendsShareOneSchemaWithoutTouchingEachOther() {
    TestDatabase.Info db = TestDatabase.get();
    try (Storage plain = new PostgresStorageProvider().open(
        StorageSettings.of(db.jdbcUrl(), db.user(), db.password()).schema(schema))) {
      String queue = "shared_name";
      assertThat(plain.createQueue(queue, QueueOptions.defaults())).isTrue();
      assertThat(storage.createQueue(queue, QueueOptions.defaults())).isTrue();
      plain.push(io.fetchq.spi.PushRequest.of(queue, NewTask.of("t").payload("\"plain\"")));
      push(queue, NewTask.of("t").payload("\"partitioned\""), NewTask.of("u"));

      assertThat(task(queue, "t").payload()).isEqualTo("\"partitioned\"");
      assertThat(plain.stats(queue).total()).isEqualTo(1);
      assertThat(stats(queue).total()).isEqualTo(2);
      assertThat(allTasks(queue, TaskStatus.PENDING)).hasSize(2);
    }
  }

  // ---------------------------------------------------------------- catalog helpers

  /** Each leaf of the queue with its table's oid, bound and index count. */
  private List<String> leafShapes(String queue) throws SQLException {
    return strings("SELECT c.relname || ' ' || c.oid || ' ' || pg_get_expr(c.relpartbound, c.oid) || ' '"
        + " || (SELECT count(*) FROM pg_index x WHERE x.indrelid = c.oid)"
        + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        + " WHERE i.inhparent = to_regclass('" + schema + ".fetchq_ptask_" + queue + "') ORDER BY c.relname");
  }

  /** Pushes, picks and completes {@code count} tasks, and waits until their last run is past. */
  private List<String> completed(String queue, String prefix, int count) {
    List<String> subjects = pushMany(queue, prefix, count);
    settle(queue, pick(queue, count).stream().map(t -> Outcome.complete(Lease.of(t))).toList());
    awaitClockPast(task(queue, subjects.get(count - 1)).lastIteration().plus(CLOCK_SLACK));
    return subjects;
  }

  private int retireAll(String queue) {
    int retired = 0;
    for (int pass = 0; pass < 8; pass++) {
      retired += maintain(queue, io.fetchq.spi.MaintenanceRequest.Job.RETIRE_FINISHED).retired();
    }
    return retired;
  }

  @Test
  void retiringManyFinishedTasksReplacesEachLeafWithACopyOfWhatIsKept() throws SQLException {
    String queue = newQueue(QueueOptions.defaults().finishedRetention(Duration.ZERO));
    completed(queue, "done", 400);
    pushMany(queue, "kept", 40);
    List<String> before = leafShapes(queue);

    assertThat(retireAll(queue)).isEqualTo(400);

    List<String> after = leafShapes(queue);
    assertThat(after).hasSize(4);
    for (int i = 0; i < 4; i++) {
      String[] was = before.get(i).split(" ", 3);
      String[] now = after.get(i).split(" ", 3);
      assertThat(now[0]).as("the leaf keeps its name").isEqualTo(was[0]);
      assertThat(now[1]).as("but is a new table").isNotEqualTo(was[1]);
      assertThat(now[2]).as("with the same bound and every index").isEqualTo(was[2]);
    }
    assertThat(strings("SELECT count(*) FROM " + schema + ".fetchq_ptask_" + queue)).containsExactly("40");
    assertThat(strings("SELECT to_regclass('" + schema + "." + before.get(0).split(" ")[0] + "_next')::text"))
        .containsOnlyNulls();
    assertThat(pick(queue, 100)).as("the kept tasks are picked through the rebuilt indexes").hasSize(40);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void retiringALeafOfFinishedTasksOnlyTruncatesIt() throws SQLException {
    String queue = newQueue(QueueOptions.defaults().finishedRetention(Duration.ZERO));
    List<String> done = completed(queue, "done", 200);
    List<String> before = leafShapes(queue);

    assertThat(retireAll(queue)).isEqualTo(200);

    assertThat(leafShapes(queue)).as("the same tables, emptied").isEqualTo(before);
    assertThat(strings("SELECT count(*) FROM " + schema + ".fetchq_ptask_" + queue)).containsExactly("0");
    assertThat(push(queue, NewTask.of(done.get(0))).count()).isEqualTo(1);
    assertCountersAgreeWithRows(queue);
  }

  @Test
  void retiringAFewFinishedTasksDeletesThemInPlace() throws SQLException {
    String queue = newQueue(QueueOptions.defaults().finishedRetention(Duration.ZERO));
    completed(queue, "done", 4);
    pushMany(queue, "kept", 400);
    List<String> before = leafShapes(queue);

    assertThat(retireAll(queue)).isEqualTo(4);

    assertThat(leafShapes(queue)).as("the same tables").isEqualTo(before);
    assertThat(strings("SELECT count(*) FROM " + schema + ".fetchq_ptask_" + queue)).containsExactly("400");
    assertCountersAgreeWithRows(queue);
  }

  /**
   * Leaves larger than {@link Retirement#SAMPLE_PAGES} are sampled to choose between rewriting and
   * deleting; what is retired is still exactly what is due.
   */
  @Test
  void largeLeavesAreSampledAndStillLoseExactlyTheirDueTasks() throws SQLException {
    String many = newQueue(QueueOptions.defaults().finishedRetention(Duration.ofHours(1)));
    String few = newQueue(QueueOptions.defaults().finishedRetention(Duration.ofHours(1)));
    load(many, 100_000, 60_000);
    load(few, 4_000, 156_000);
    List<String> manyBefore = leafShapes(many);
    List<String> fewBefore = leafShapes(few);
    assertThat(strings("SELECT min(relpages) FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace"
        + " AND relname = ANY (ARRAY['" + String.join("','", leaves(many)) + "','" + String.join("','", leaves(few)) + "'])"))
        .as("every leaf is large enough to be sampled")
        .allSatisfy(pages -> assertThat(Long.parseLong(pages)).isGreaterThan(Retirement.SAMPLE_PAGES));

    assertThat(retireAll(many)).isEqualTo(100_000);
    assertThat(retireAll(few)).isEqualTo(4_000);

    List<String> manyAfter = leafShapes(many);
    for (int i = 0; i < 4; i++) {
      assertThat(manyAfter.get(i).split(" ")[1]).as("a leaf mostly due is rewritten")
          .isNotEqualTo(manyBefore.get(i).split(" ")[1]);
    }
    assertThat(leafShapes(few)).as("a leaf with few due keeps its table").isEqualTo(fewBefore);
    assertThat(strings("SELECT count(*) FROM " + schema + ".fetchq_ptask_" + many)).containsExactly("60000");
    assertThat(strings("SELECT count(*) FROM " + schema + ".fetchq_ptask_" + few)).containsExactly("156000");
    assertCountersAgreeWithRows(many);
    assertCountersAgreeWithRows(few);
  }

  /**
   * Inserts {@code done} tasks COMPLETED two days ago and {@code kept} PLANNED ones into the queue's
   * partition by SQL, with the counters to match, dates the queue back three days, and analyzes
   * the leaves as autovacuum would.
   */
  private void load(String queue, int done, int kept) throws SQLException {
    String partition = schema + ".fetchq_ptask_" + queue;
    String id = "(SELECT id FROM " + schema + ".fetchq_part_queue WHERE name = '" + queue + "')";
    execute("INSERT INTO " + partition + " (queue_id, subject, payload, version, priority, status, next_iteration, last_iteration)"
            + " SELECT " + id + ", 'done' || i, '{}', 0, 0, 3, now() - interval '2 days', now() - interval '2 days'"
            + " FROM generate_series(1, " + done + ") i",
        "INSERT INTO " + partition + " (queue_id, subject, payload, version, priority, status, next_iteration)"
            + " SELECT " + id + ", 'kept' || i, '{}', 0, 0, 0, now() + interval '1 day'"
            + " FROM generate_series(1, " + kept + ") i",
        "UPDATE " + schema + ".fetchq_part_counter SET completed = completed + " + done + ", planned = planned + " + kept
            + ", pushed = pushed + " + (done + kept) + " WHERE queue_id = " + id + " AND slot = 0",
        // a queue younger than its retention holds nothing due and is skipped
        "UPDATE " + schema + ".fetchq_part_queue SET created_at = now() - interval '3 days' WHERE name = '" + queue + "'");
    for (String leaf : leaves(queue)) {
      execute("ANALYZE " + schema + "." + leaf);
    }
  }

  @Test
  void retiringARewrittenLeafLocksNoOtherQueue() throws Exception {
    String queue = newQueue(QueueOptions.defaults().finishedRetention(Duration.ZERO));
    String other = newQueue();
    completed(queue, "done", 100);
    try (Connection holder = TestDatabase.connection(); Statement s = holder.createStatement()) {
      holder.setAutoCommit(false);
      // a long report on another queue's partition, open across the retiring
      s.executeQuery("SELECT count(*) FROM " + schema + ".fetchq_ptask_" + other).close();

      CompletableFuture<Integer> retiring = CompletableFuture.supplyAsync(() -> retireAll(queue));
      assertThat(retiring.get(30, TimeUnit.SECONDS)).isEqualTo(100);
      pushMany(other, "meanwhile", 10);
      holder.rollback();
    }
    assertThat(stats(other).pending()).isEqualTo(10);
  }

  private List<String> leaves(String queue) throws SQLException {
    return strings("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        + " WHERE i.inhparent = to_regclass('" + schema + ".fetchq_ptask_" + queue + "') ORDER BY c.relname");
  }

  private static List<String> strings0(String sql) {
    try {
      return strings(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(String sql) throws SQLException {
    try (Connection c = TestDatabase.connection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (r.next()) {
        values.add(r.getString(1));
      }
      return values;
    }
  }

  private static void execute(String... statements) throws SQLException {
    try (Connection c = TestDatabase.connection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
