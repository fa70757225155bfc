package io.fetchq.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W2/W3's floor: {@code threads} threads, each on its own connection, each taking a batch with one
 * UPDATE ... RETURNING, running the handler on each row, and finishing the batch with one UPDATE,
 * until nothing is left to take. With a handler that sleeps, each thread takes one row at a time:
 * a thread is one handler, and a batch would make it sleep through its rows one after another while
 * other threads have run out of work.
 */
final class DrainFloor {
  private DrainFloor() {}

  static Timer.Measurement run(Target target, String schema, int tasks, int finished, int threads, int batch,
      Duration sleep, Timer timer) throws Exception {
    List<Connection> connections = new ArrayList<>();
    try (Connection admin = target.connect()) {
      FloorTable.create(admin, schema);
      FloorTable.load(admin, schema, "done", finished, FloorTable.DONE);
      FloorTable.load(admin, schema, "task", tasks, FloorTable.PENDING);
      target.vacuumAnalyze(schema);
      for (int i = 0; i < threads; i++) {
        connections.add(target.connect());
      }
      CountDownLatch go = new CountDownLatch(1);
      AtomicReference<Exception> failure = new AtomicReference<>();
      List<Thread> workers = new ArrayList<>();
      for (Connection c : connections) {
        Thread worker = new Thread(() -> {
          try {
            go.await();
            drain(c, schema, sleep.isZero() ? batch : 1, sleep);
          } catch (Exception e) {
            failure.compareAndSet(null, e);
          }
        }, "floor-drain");
        worker.start();
        workers.add(worker);
      }
      timer.start();
      go.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
      timer.stop();
      if (failure.get() != null) {
        throw failure.get();
      }
      return timer.measured(FloorTable.count(admin, schema, FloorTable.DONE) - finished, null, Map.of());
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private static void drain(Connection c, String schema, int batch, Duration sleep) throws Exception {
    try (PreparedStatement take = c.prepareStatement(FloorTable.takeSql(schema));
        PreparedStatement finish = c.prepareStatement(FloorTable.finishSql(schema))) {
      while (true) {
        List<Long> ids = new ArrayList<>(batch);
        take.setInt(1, batch);
        try (ResultSet r = take.executeQuery()) {
          while (r.next()) {
            ids.add(r.getLong(1));
            r.getString(2);
          }
        }
        if (ids.isEmpty()) {
          return;
        }
        for (int i = 0; i < ids.size(); i++) {
          Workload.sleep(sleep);
        }
        finish.setArray(1, c.createArrayOf("bigint", ids.toArray()));
        finish.executeUpdate();
      }
    }
  }
}
