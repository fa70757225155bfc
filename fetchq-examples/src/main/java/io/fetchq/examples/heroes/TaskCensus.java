package io.fetchq.examples.heroes;

import io.fetchq.examples.support.ExampleDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * The queue's rows counted straight from the postgres backend's tables, to check what the API
 * promises rather than ask the API: task rows versus distinct subjects (a duplicate would show as
 * a difference), and the subjects that were killed.
 *
 * @param rows task rows of the queue
 * @param distinctSubjects distinct subjects among them
 * @param killed the subjects in status KILLED
 */
record TaskCensus(long rows, long distinctSubjects, Set<String> killed) {

  static TaskCensus of(ExampleDatabase db, String schema, String queue) throws SQLException {
    String from = " FROM " + schema + ".fetchq_task t JOIN " + schema + ".fetchq_queue q ON q.id = t.queue_id"
        + " WHERE q.name = ?";
    try (Connection c = db.connect();
        PreparedStatement count = c.prepareStatement("SELECT count(*), count(DISTINCT t.subject)" + from);
        PreparedStatement killed = c.prepareStatement("SELECT t.subject" + from + " AND t.status = -1")) {
      count.setString(1, queue);
      long rows;
      long distinct;
      try (ResultSet r = count.executeQuery()) {
        r.next();
        rows = r.getLong(1);
        distinct = r.getLong(2);
      }
      killed.setString(1, queue);
      Set<String> subjects = new HashSet<>();
      try (ResultSet r = killed.executeQuery()) {
        while (r.next()) {
          subjects.add(r.getString(1));
        }
      }
      return new TaskCensus(rows, distinct, Set.copyOf(subjects));
    }
  }

  /** Rows beyond one per subject: Fetchq promises none. */
  long duplicates() {
    return rows - distinctSubjects;
  }
}
