package io.fetchq.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The mixed workload's floor: producers INSERT one by one at the rate while worker threads drain as in W2. */
final class MixedFloor {
  /** How long a floor worker that found nothing waits before it looks again. */
  static final Duration IDLE = Duration.ofMillis(5);

  private MixedFloor() {}

  static Timer.Measurement run(Target target, String schema, int tasks, double rate, int producers, int threads,
      int batch, Duration sleep, Timer timer) throws Exception {
    Latencies started = new Latencies();
    Latencies ended = new Latencies();
    AtomicLong finished = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Connection> connections = new ArrayList<>();
    try (Connection admin = target.connect()) {
      FloorTable.create(admin, schema);
      for (int i = 0; i < threads; i++) {
        connections.add(target.connect());
      }
      List<Thread> workers = new ArrayList<>();
      for (Connection c : connections) {
        Thread worker = new Thread(() -> {
          try {
            work(c, schema, batch, sleep, tasks, finished, started, ended);
          } catch (Exception e) {
            failure.compareAndSet(null, e);
            finished.addAndGet(tasks);
          }
        }, "floor-worker");
        workers.add(worker);
      }
      workers.forEach(Thread::start);
      timer.start();
      Producers running = Producers.start(producers, tasks, rate, () -> insert(target, schema));
      running.join();
      for (Thread worker : workers) {
        worker.join();
      }
      timer.stop();
      if (failure.get() != null) {
        throw failure.get();
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("startP50Ms", started.percentileMillis(0.50));
      extra.put("startP99Ms", started.percentileMillis(0.99));
      return timer.measured(FloorTable.count(admin, schema, FloorTable.DONE), ended, extra);
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /** A producer's pusher: its own connection, one INSERT per task. */
  static Producers.Pusher insert(Target target, String schema) throws Exception {
    Connection c = target.connect();
    PreparedStatement insert =
        c.prepareStatement("INSERT INTO " + FloorTable.table(schema) + " (subject, payload) VALUES (?, ?::json)");
    return new Producers.Pusher() {
      @Override
      public void push(long i) throws Exception {
        insert.setString(1, Workload.subject("task", i));
        insert.setString(2, Producers.stampedPayload(i));
        insert.executeUpdate();
      }

      @Override
      public void close() throws java.sql.SQLException {
        c.close();
      }
    };
  }

  private static void work(Connection c, String schema, int batch, Duration sleep, long tasks, AtomicLong finished,
      Latencies started, Latencies ended) throws Exception {
    try (PreparedStatement take = c.prepareStatement(FloorTable.takeSql(schema));
        PreparedStatement finish = c.prepareStatement(FloorTable.finishSql(schema))) {
      while (finished.get() < tasks) {
        List<Long> ids = new ArrayList<>(batch);
        List<String> payloads = new ArrayList<>(batch);
        take.setInt(1, batch);
        try (ResultSet r = take.executeQuery()) {
          while (r.next()) {
            ids.add(r.getLong(1));
            payloads.add(r.getString(2));
          }
        }
        if (ids.isEmpty()) {
          Workload.sleep(IDLE);
          continue;
        }
        for (String payload : payloads) {
          long pushed = Producers.pushedNanos(payload);
          started.add(System.nanoTime() - pushed);
          Workload.sleep(sleep);
          ended.add(System.nanoTime() - pushed);
        }
        finish.setArray(1, c.createArrayOf("bigint", ids.toArray()));
        finish.executeUpdate();
        finished.addAndGet(ids.size());
      }
    }
  }
}
