package io.fetchq.bench;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * W2 and W3: N pending tasks are loaded (and optionally M finished ones), then workers drain them
 * with a handler that does nothing or sleeps; timed from the workers' start until the queue's stats
 * count all N completed.
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
    description = "W2/W3: drain N pending tasks (optionally beside M finished ones) with C handlers, batches of B.")
final class DrainWorkload extends Workload {
  private static final int LOAD_CHUNK = 10_000;

  @Option(names = "--tasks", defaultValue = "100000", description = "Pending tasks to drain (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--finished", defaultValue = "0",
      description = "COMPLETED tasks already in the queue, for W3 (default: ${DEFAULT-VALUE}).")
  int finished;

  @Option(names = {"--concurrency", "--workers"}, defaultValue = "4",
      description = "Handlers running at once per client; the floor runs this many threads per client"
          + " (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--batch", defaultValue = "100", description = "Tasks per pick (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--sleep", defaultValue = "0ms", converter = DurationConverter.class,
      description = "Time the handler sleeps per task, to model I/O (default: none).")
  Duration sleep;

  @Option(names = "--clients", defaultValue = "1",
      description = "Fetchq clients in this JVM, each with its own worker and pool, as separate processes"
          + " would be (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class,
      description = "Longest a drain may take before the run fails (default: 30m).")
  Duration timeout;

  @Override
  void execute() throws Exception {
    note(FloorTable.DESCRIPTION + "; drain: " + concurrency * clients + " threads, each with its own connection,"
        + " per batch one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT "
        + (sleep.isZero() ? batch : "1, as a sleeping thread is one handler") + ") RETURNING"
        + " and one UPDATE ... WHERE id = ANY(?), handler " + (sleep.isZero() ? "empty" : "sleeping " + sleep)
        + ". fetchq: " + clients + " client(s), each with one worker of concurrency " + concurrency + " and batch "
        + batch + "; timed from start() until the queue's stats count every task COMPLETED");
    if (finished > 0) {
      note("finished tasks: fetchq: " + finished + " tasks inserted COMPLETED by one SQL INSERT with the queue's"
          + " counters adjusted to match (set-up only, postgres layout); floor: " + finished
          + " rows inserted with status 3. Both sides: VACUUM ANALYZE before the timed drain");
    }
    String variant = "c" + concurrency + "-b" + batch
        + (clients > 1 ? "-k" + clients : "")
        + (sleep.isZero() ? "" : "-sleep" + sleep.toMillis() + "ms")
        + (finished > 0 ? "-f" + finished : "");
    compare(variant, tasks, new Floors(
        (s, t) -> DrainFloor.run(target, s, tasks, finished, concurrency * clients, batch, sleep, t),
        (s, t) -> PgbenchFloor.drain(target, s, tasks, finished, concurrency * clients, batch, sleep)),
        this::fetchq);
  }

  private Timer.Measurement fetchq(String schema, Timer timer) throws Exception {
    AtomicLong handled = new AtomicLong();
    Handler handler = (task, context) -> {
      sleep(sleep);
      handled.incrementAndGet();
      return Action.complete();
    };
    List<Target.Client> opened = new ArrayList<>();
    try {
      for (int k = 0; k < clients; k++) {
        opened.add(target.open(schema,
            b -> b.queue(QUEUE).worker(QUEUE, handler, w -> w.concurrency(concurrency).batch(batch))));
      }
      Queue queue = opened.get(0).fetchq().queue(QUEUE);
      if (finished > 0) {
        insertCompleted(schema, finished);
      }
      load(queue, "task", tasks);
      target.vacuumAnalyze(schema);
      QueueStats before = queue.stats();
      if (before.pending() != tasks || before.completed() != finished) {
        throw new IllegalStateException("the set-up left " + before);
      }
      opened.forEach(Target.Client::resetCounts);
      timer.start();
      opened.forEach(c -> c.fetchq().start());
      QueueStats stats = awaitCompleted(queue, finished + (long) tasks, timer, timeout);
      timer.stop();
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("handled", handled.get());
      extra.put("finished", finished);
      opened.get(0).addCounts(extra, tasks);
      return timer.measured(stats.completed() - finished, null, extra);
    } finally {
      for (Target.Client client : opened) {
        client.close();
      }
    }
  }

  /** Pushes {@code count} tasks in chunks, through the API; set-up, not measured. */
  static void load(Queue queue, String prefix, long count) {
    for (long from = 0; from < count; from += LOAD_CHUNK) {
      List<NewTask> chunk = new ArrayList<>(LOAD_CHUNK);
      for (long i = from; i < Math.min(count, from + LOAD_CHUNK); i++) {
        chunk.add(NewTask.of(subject(prefix, i)).payload(payload(i)));
      }
      queue.pushAll(chunk);
    }
  }

  /** Polls the queue's stats until {@code completed} tasks are COMPLETED. */
  static QueueStats awaitCompleted(Queue queue, long completed, Timer timer, Duration timeout) throws InterruptedException {
    while (true) {
      QueueStats stats = queue.stats();
      if (stats.completed() >= completed) {
        return stats;
      }
      if (timer.elapsed() > timeout.toSeconds()) {
        throw new IllegalStateException("not drained within " + timeout + ": " + stats);
      }
      Thread.sleep(10);
    }
  }

  /**
   * Set-up for W3 only: inserts {@code count} COMPLETED tasks in one statement, with the queue's
   * counters moved as if they had been pushed and worked, as the floor inserts its finished rows.
   * (Pushing them and completing them by one bulk UPDATE instead left half of every page dead,
   * so the drain then ran over a table twice its size.) Knows the postgres backend's layout.
   */
  private void insertCompleted(String schema, long count) throws Exception {
    if (!target.storage.equals("postgres")) {
      throw new IllegalArgumentException("--finished knows the postgres layout only, not " + target.storage);
    }
    String s = Target.checked(schema);
    try (Connection c = target.connect();
        PreparedStatement insert = c.prepareStatement(
            "WITH q AS (SELECT id FROM " + s + ".fetchq_queue WHERE name = ?),"
                + " done AS (INSERT INTO " + s + ".fetchq_task"
                + "  (queue_id, subject, payload, version, priority, status, iterations, last_iteration, next_iteration)"
                + "  SELECT (SELECT id FROM q), 'done-' || i, ('{\"n\":' || i || '}')::json, 0, 0, 3, 1, now(), now()"
                + "  FROM generate_series(0, ? - 1) AS i RETURNING 1)"
                + " UPDATE " + s + ".fetchq_counter c SET completed = c.completed + d.n, pushed = c.pushed + d.n,"
                + "  picked = c.picked + d.n, processed = c.processed + d.n"
                + " FROM (SELECT count(*) AS n FROM done) d WHERE c.queue_id = (SELECT id FROM q) AND c.slot = 0")) {
      insert.setString(1, QUEUE);
      insert.setLong(2, count);
      insert.executeUpdate();
    }
  }
}
