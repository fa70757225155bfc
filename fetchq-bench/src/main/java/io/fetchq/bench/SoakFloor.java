package io.fetchq.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The soak's floor: producers INSERT at the rate; worker threads take batches and complete, delete or re-queue them. */
final class SoakFloor {
  private SoakFloor() {}

  static SoakWorkload.Load start(Target target, String schema, double rate, int producers, int threads, int batch,
      SoakWorkload.Finish action) throws Exception {
    try (Connection admin = target.connect()) {
      FloorTable.create(admin, schema);
    }
    AtomicLong handled = new AtomicLong();
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    String finishSql = switch (action) {
      case complete -> FloorTable.finishSql(schema);
      case drop -> "DELETE FROM " + FloorTable.table(schema) + " WHERE id = ANY (?)";
      case reschedule -> "UPDATE " + FloorTable.table(schema) + " SET status = 1 WHERE id = ANY (?)";
    };
    Producers running = Producers.start(producers, Long.MAX_VALUE, rate, () -> MixedFloor.insert(target, schema));
    for (int i = 0; i < threads; i++) {
      Connection c = target.connect();
      Thread worker = new Thread(() -> {
        try (c; PreparedStatement take = c.prepareStatement(FloorTable.takeSql(schema));
            PreparedStatement finish = c.prepareStatement(finishSql)) {
          while (!stopped.get()) {
            List<Long> ids = new ArrayList<>(batch);
            take.setInt(1, batch);
            try (ResultSet r = take.executeQuery()) {
              while (r.next()) {
                ids.add(r.getLong(1));
                r.getString(2);
              }
            }
            if (ids.isEmpty()) {
              Workload.sleep(MixedFloor.IDLE);
              continue;
            }
            finish.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            finish.executeUpdate();
            handled.addAndGet(ids.size());
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }, "floor-soak");
      worker.start();
      workers.add(worker);
    }
    return new SoakWorkload.Load() {
      public long handled() {
        return handled.get();
      }

      public long pushed() {
        return running.pushed();
      }

      public void stop() throws Exception {
        running.stop();
        stopped.set(true);
        for (Thread worker : workers) {
          worker.join();
        }
        running.join();
        if (failure.get() != null) {
          throw failure.get();
        }
      }
    };
  }
}
