package io.fetchq.chaos;

import io.fetchq.TaskStatus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The chaos queue's rows at the end of a run, read straight from the backend's tables (not through
 * Fetchq, whose counters are what the rows are checked against): its tasks and its error log.
 *
 * @param tasks every task by subject
 * @param errors every error log entry
 */
record QueueRows(Map<String, FinalTask> tasks, List<ErrorEntry> errors) {

  static QueueRows read(ChaosQueue queue) throws SQLException {
    String prefix = switch (queue.backend()) {
      case "postgres" -> "fetchq_";
      case "partitioned" -> "fetchq_part_";
      default -> throw new IllegalArgumentException("no table names known for backend " + queue.backend());
    };
    String schema = queue.schema();
    String queueId = "(SELECT id FROM " + schema + "." + prefix + "queue WHERE name = ?)";
    Properties properties = new Properties();
    properties.setProperty("user", queue.dbUser());
    if (queue.dbPassword() != null) {
      properties.setProperty("password", queue.dbPassword());
    }
    Map<String, FinalTask> tasks = new HashMap<>();
    List<ErrorEntry> errors = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(queue.urlFor("checker"), properties)) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement("SELECT subject, status, iterations, payload::text FROM " + schema
          + "." + prefix + "task WHERE queue_id = " + queueId)) {
        s.setFetchSize(10_000);
        s.setString(1, ChaosQueue.NAME);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            tasks.put(r.getString(1), new FinalTask(r.getString(1), TaskStatus.ofCode(r.getInt(2)), r.getInt(3),
                ChaosPayload.parse(r.getString(4))));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT subject, attempt, message FROM " + schema + "." + prefix
          + "error WHERE queue_id = " + queueId)) {
        s.setFetchSize(10_000);
        s.setString(1, ChaosQueue.NAME);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            errors.add(new ErrorEntry(r.getString(1), r.getInt(2), r.getString(3)));
          }
        }
      }
      c.commit();
    }
    return new QueueRows(tasks, errors);
  }
}
