package io.fetchq.postgres;

import io.fetchq.InvalidArgumentException;
import io.fetchq.StorageException;
import io.fetchq.internal.Require;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.defaults.DefaultSqlSession;
import org.apache.ibatis.transaction.managed.ManagedTransaction;

/**
 * Statements on a connection the caller owns, inside the transaction the caller has open on it.
 * MyBatis runs them through a managed transaction that neither commits, rolls back, closes the
 * connection nor touches its auto-commit mode (a JDBC transaction would switch auto-commit back on
 * when closed, and so commit the caller's work early). A connection in auto-commit mode is refused
 * before every call: each statement would commit on its own.
 */
final class CallerSessions implements Sessions {
  private final Configuration configuration;
  private final Connection connection;

  /** Checks {@code connection} now, as each call will again. */
  CallerSessions(Configuration configuration, Connection connection) {
    this.configuration = configuration;
    this.connection = Require.notNull("connection", connection);
    checkInTransaction();
  }

  @Override
  public <T> T statement(String operation, Function<SqlSession, T> statement) {
    return transaction(operation, statement);
  }

  @Override
  public <T> T transaction(String operation, Function<SqlSession, T> statements) {
    checkInTransaction();
    Executor executor = configuration.newExecutor(new ManagedTransaction(connection, false));
    SqlSession session = new DefaultSqlSession(configuration, executor, false);
    try {
      return statements.apply(session);
    } catch (RuntimeException e) {
      throw SqlFailures.translate(operation, e);
    } finally {
      // closes the statements MyBatis made; the managed transaction leaves the connection as it is
      session.close();
    }
  }

  private void checkInTransaction() {
    boolean autoCommit;
    try {
      if (connection.isClosed()) {
        throw new InvalidArgumentException("connection", "is closed");
      }
      autoCommit = connection.getAutoCommit();
    } catch (SQLException e) {
      throw new StorageException("reading the caller's connection failed: " + e.getMessage(), e.getSQLState(), false, e);
    }
    if (autoCommit) {
      throw new InvalidArgumentException("connection",
          "is in auto-commit mode; Fetchq joins the transaction open on the caller's connection and never"
              + " commits it, so call setAutoCommit(false) (or run inside the framework's transaction) first");
    }
  }
}
