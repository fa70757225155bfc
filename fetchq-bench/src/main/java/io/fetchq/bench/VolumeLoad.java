package io.fetchq.bench;

import io.fetchq.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Set-up of the volume workload: fills the queue {@link Workload#QUEUE} with tasks in every state by
 * SQL, in chunks, with the queue's counters moved to match, as if they had been pushed and worked.
 * It knows the tables of both backends; it is set-up, never measured.
 *
 * <p>Task {@code i} (subject {@code vol-i}) is PENDING when {@code i % 100 == 0} (the 1% due). The
 * others are COMPLETED or PLANNED (due in a day) by a hash of {@code i}, so that every state is
 * spread over the whole table as work done in any order leaves it; of the COMPLETED, a share by
 * the same hash finished 10 days ago (past a one-day retention), the rest an hour ago.
 */
record VolumeLoad(String queueTable, String taskTable, String counterTable) {
  private static final int CHUNK = 500_000;
  private static final int PLANNED = TaskStatus.PLANNED.code();
  private static final int PENDING = TaskStatus.PENDING.code();
  private static final int COMPLETED = TaskStatus.COMPLETED.code();

  static VolumeLoad of(String storage, String queue) {
    return switch (storage) {
      case "postgres" -> new VolumeLoad("fetchq_queue", "fetchq_task", "fetchq_counter");
      case "partitioned" -> new VolumeLoad("fetchq_part_queue", "fetchq_ptask_" + queue, "fetchq_part_counter");
      default -> throw new IllegalArgumentException("volume knows the postgres and partitioned layouts, not " + storage);
    };
  }

  /**
   * Loads {@code tasks} tasks; of those not due, about {@code finished} are COMPLETED, and about
   * {@code retire} of these finished 10 days ago. Returns the counts loaded.
   */
  Counts load(Connection c, String schema, long tasks, long finished, long retire) throws SQLException {
    String s = Target.checked(schema);
    String sql = "WITH q AS (SELECT id FROM " + s + "." + queueTable + " WHERE name = ?),"
        + " rows AS (SELECT i, h, CASE WHEN i % 100 = 0 THEN " + PENDING + " WHEN h < ? THEN " + COMPLETED + " ELSE " + PLANNED + " END AS status"
        + "   FROM (SELECT i, (i * 2654435761) % 1000003 AS h FROM generate_series(?::bigint, ?::bigint) AS i) g),"
        + " ins AS (INSERT INTO " + s + "." + taskTable
        + "   (queue_id, subject, payload, version, priority, status, iterations, created_at, last_iteration, next_iteration)"
        + "   SELECT (SELECT id FROM q), 'vol-' || i, ('{\"n\":' || i || '}')::json, 0, 0, status,"
        + "          CASE WHEN status = " + COMPLETED + " THEN 1 ELSE 0 END, now() - interval '11 days',"
        + "          CASE WHEN status = " + COMPLETED + " AND h < ? THEN now() - interval '10 days'"
        + "               WHEN status = " + COMPLETED + " THEN now() - interval '1 hour' END,"
        + "          CASE WHEN status = " + PLANNED + " THEN now() + interval '1 day' ELSE now() - interval '11 days' END"
        + "     FROM rows RETURNING status)"
        + " UPDATE " + s + "." + counterTable + " c SET planned = c.planned + d.planned, pending = c.pending + d.pending,"
        + "   completed = c.completed + d.completed, pushed = c.pushed + d.n, picked = c.picked + d.completed,"
        + "   processed = c.processed + d.completed"
        + " FROM (SELECT count(*) AS n, count(*) FILTER (WHERE status = " + PLANNED + ") AS planned,"
        + "        count(*) FILTER (WHERE status = " + PENDING + ") AS pending, count(*) FILTER (WHERE status = " + COMPLETED + ") AS completed FROM ins) d"
        + " WHERE c.queue_id = (SELECT id FROM q) AND c.slot = 0";
    double notDue = Math.max(1, tasks - (tasks + 99) / 100);
    long finishedBelow = Math.round(Math.min(1, finished / notDue) * 1_000_003);
    long retireBelow = Math.round(Math.min(1, retire / notDue) * 1_000_003);
    try (PreparedStatement load = c.prepareStatement(sql)) {
      for (long from = 0; from < tasks; from += CHUNK) {
        load.setString(1, Workload.QUEUE);
        load.setLong(2, finishedBelow);
        load.setLong(3, from);
        load.setLong(4, Math.min(tasks, from + CHUNK) - 1);
        load.setLong(5, retireBelow);
        load.executeUpdate();
      }
    }
    // the queue has been running for as long as its oldest task
    try (PreparedStatement age = c.prepareStatement("UPDATE " + s + "." + queueTable
        + " SET created_at = now() - interval '11 days' WHERE name = ?")) {
      age.setString(1, Workload.QUEUE);
      age.executeUpdate();
    }
    return counts(c, s);
  }

  private Counts counts(Connection c, String s) throws SQLException {
    try (PreparedStatement count = c.prepareStatement(
        "SELECT count(*) FILTER (WHERE status = " + PENDING + "), count(*) FILTER (WHERE status = " + PLANNED + "),"
            + " count(*) FILTER (WHERE status = " + COMPLETED + " AND last_iteration < now() - interval '1 day'),"
            + " count(*) FILTER (WHERE status = " + COMPLETED + "), count(*) FROM " + s + "." + taskTable)) {
      try (var r = count.executeQuery()) {
        r.next();
        return new Counts(r.getLong(5), r.getLong(1), r.getLong(2), r.getLong(4), r.getLong(3));
      }
    }
  }

  /** What a load left in the queue. */
  record Counts(long total, long pending, long planned, long completed, long pastRetention) {}
}
