package io.fetchq.postgres;

import io.fetchq.StorageException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * The one place where a database failure becomes a {@link StorageException}.
 */
final class SqlFailures {

  /** SQLSTATEs after which the same call may succeed: the server went away or chose a victim. */
  private static final Set<String> TRANSIENT_STATES =
      Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300", "53400", "58030");

  /**
   * feature_not_supported: the statement is refused, the connection is fine. HikariCP would take
   * it for a broken connection and evict it (see {@link #keepsConnection}).
   */
  static final String UNSUPPORTED = "0A000";

  private SqlFailures() {}

  /**
   * Whether a failure leaves the connection usable though HikariCP's own rules would evict it:
   * PostgreSQL sends feature_not_supported for a statement it refuses, never for a lost connection.
   */
  static boolean keepsConnection(SQLException failure) {
    return UNSUPPORTED.equals(failure.getSQLState());
  }

  static StorageException translate(String operation, RuntimeException failure) {
    SQLException sql = findSqlException(failure);
    String state = sql == null ? null : sql.getSQLState();
    boolean transientFailure =
        sql instanceof SQLTransientException
            || (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state)));
    String reason = sql == null ? String.valueOf(failure.getMessage()) : sql.getMessage();
    if (UNSUPPORTED.equals(state)) {
      reason = "the server does not support this statement, so trying again cannot help"
          + " (a distributed PostgreSQL such as Citus refuses some SQL; see docs/scaling.md): " + reason;
    }
    return new StorageException(
        operation + " failed" + (state == null ? "" : " [SQLSTATE " + state + "]") + ": " + reason,
        state,
        transientFailure,
        failure);
  }

  private static SQLException findSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
