package io.fetchq.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** W1's floor: one INSERT per task in autocommit, or one multi-row INSERT (unnest) per batch. */
final class PushFloor {
  private PushFloor() {}

  static Timer.Measurement oneByOne(Target target, String schema, int tasks, Timer timer) throws Exception {
    try (Connection c = target.connect()) {
      FloorTable.create(c, schema);
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO " + FloorTable.table(schema) + " (subject, payload) VALUES (?, ?::json)")) {
        timer.start();
        for (int i = 0; i < tasks; i++) {
          insert.setString(1, Workload.subject("task", i));
          insert.setString(2, Workload.payload(i));
          insert.executeUpdate();
        }
        timer.stop();
      }
      return timer.measured(FloorTable.count(c, schema, FloorTable.PENDING), null, Map.of());
    }
  }

  /** Per task, in one transaction: a business row and the task row, then COMMIT. */
  static Timer.Measurement inTransaction(Target target, String schema, int tasks, Timer timer) throws Exception {
    try (Connection c = target.connect()) {
      FloorTable.create(c, schema);
      createBusinessTable(c, schema);
      c.setAutoCommit(false);
      try (PreparedStatement business = insertBusinessRow(c, schema);
          PreparedStatement insert =
              c.prepareStatement("INSERT INTO " + FloorTable.table(schema) + " (subject, payload) VALUES (?, ?::json)")) {
        timer.start();
        for (int i = 0; i < tasks; i++) {
          business.setString(1, Workload.subject("order", i));
          business.executeUpdate();
          insert.setString(1, Workload.subject("task", i));
          insert.setString(2, Workload.payload(i));
          insert.executeUpdate();
          c.commit();
        }
        timer.stop();
      }
      c.setAutoCommit(true);
      return timer.measured(FloorTable.count(c, schema, FloorTable.PENDING), null, Map.of());
    }
  }

  /** The application's own table the in-transaction pushes write beside their tasks. */
  static void createBusinessTable(Connection c, String schema) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + Target.checked(schema) + ".business_order (id text PRIMARY KEY)");
    }
  }

  /** {@code INSERT} of one business row, its id the first parameter. */
  static PreparedStatement insertBusinessRow(Connection c, String schema) throws SQLException {
    return c.prepareStatement("INSERT INTO " + Target.checked(schema) + ".business_order (id) VALUES (?)");
  }

  static Timer.Measurement batches(Target target, String schema, int tasks, int batch, Timer timer)
      throws Exception {
    try (Connection c = target.connect()) {
      FloorTable.create(c, schema);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + FloorTable.table(schema)
          + " (subject, payload) SELECT s, p::json FROM unnest(?::text[], ?::text[]) AS u(s, p)")) {
        timer.start();
        for (int from = 0; from < tasks; from += batch) {
          int size = Math.min(batch, tasks - from);
          String[] subjects = new String[size];
          String[] payloads = new String[size];
          for (int i = 0; i < size; i++) {
            subjects[i] = Workload.subject("task", from + i);
            payloads[i] = Workload.payload(from + i);
          }
          Array s = c.createArrayOf("text", subjects);
          Array p = c.createArrayOf("text", payloads);
          insert.setArray(1, s);
          insert.setArray(2, p);
          insert.executeUpdate();
        }
        timer.stop();
      }
      return timer.measured(FloorTable.count(c, schema, FloorTable.PENDING), null, Map.of());
    }
  }
}
