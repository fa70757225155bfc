package io.fetchq.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The floor's one table: what a queue needs at the least, with none of Fetchq's logic. */
final class FloorTable {
  static final String DESCRIPTION =
      "floor = bare JDBC (autocommit, prepared statements) on one plain table floor_task(id bigint identity"
          + " primary key, subject text, payload json, status smallint default 1, created_at timestamptz"
          + " default now()) with one partial index on (id) WHERE status = 1: no unique subject, no counters,"
          + " no lease, no error log, no versions or priorities";

  /** Status values of the floor's rows. */
  static final int PENDING = 1;
  static final int TAKEN = 2;
  static final int DONE = 3;

  private FloorTable() {}

  static void create(Connection c, String schema) throws SQLException {
    String s = Target.checked(schema);
    try (Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + s);
      st.execute("CREATE TABLE " + s + ".floor_task (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
          + " subject text NOT NULL, payload json, status smallint NOT NULL DEFAULT 1,"
          + " created_at timestamptz NOT NULL DEFAULT now())");
      st.execute("CREATE INDEX floor_task_pending ON " + s + ".floor_task (id) WHERE status = 1");
    }
  }

  static String table(String schema) {
    return Target.checked(schema) + ".floor_task";
  }

  /** Loads {@code count} rows of one status at once (set-up, not measured). */
  static void load(Connection c, String schema, String prefix, long count, int status) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table(schema) + " (subject, payload, status)"
        + " SELECT ? || '-' || g, json_build_object('n', g), ? FROM generate_series(1, ?) g")) {
      s.setString(1, prefix);
      s.setInt(2, status);
      s.setLong(3, count);
      s.executeUpdate();
    }
  }

  static long count(Connection c, String schema, int status) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + table(schema) + " WHERE status = ?")) {
      s.setInt(1, status);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Takes up to {@code limit} pending rows and marks them taken: the floor's pick. */
  static String takeSql(String schema) {
    String t = table(schema);
    return "UPDATE " + t + " SET status = 2 WHERE id IN (SELECT id FROM " + t
        + " WHERE status = 1 ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, payload";
  }

  /** Marks a batch of taken rows done: the floor's settle. */
  static String finishSql(String schema) {
    return "UPDATE " + table(schema) + " SET status = 3 WHERE id = ANY (?)";
  }
}
