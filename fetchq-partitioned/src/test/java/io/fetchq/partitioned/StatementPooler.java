package io.fetchq.partitioned;

import io.fetchq.tck.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What a transaction pooler (PgBouncer, {@code pool_mode = transaction}) does to a client in
 * autocommit, made certain: every statement runs on the next of a few server connections in
 * turn, so session state set by one statement is not there for the next. (CI's second step runs
 * the suites through a real PgBouncer, where this happens only when the pool is busy.) Only
 * autocommit is supported: a transaction would have to stay on one connection.
 */
final class StatementPooler implements DataSource, AutoCloseable {
  private final List<Connection> servers = new ArrayList<>();
  private int next;

  StatementPooler(int connections) throws SQLException {
    for (int i = 0; i < connections; i++) {
      servers.add(TestDatabase.connection());
    }
  }

  /** A client connection whose statements go to the server connections in turn. */
  @Override
  public Connection getConnection() {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> client(method, args));
  }

  private Object client(Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "close":
        return null;
      case "isClosed":
        return false;
      case "getAutoCommit":
        return true;
      case "setAutoCommit":
        if (!(Boolean) args[0]) {
          throw new SQLFeatureNotSupportedException("a statement pooler runs statements in autocommit only");
        }
        return null;
      case "commit", "rollback":
        return null;
      case "prepareStatement", "createStatement", "prepareCall":
        return invoke(nextServer(), method, args);
      default:
        return invoke(servers.get(0), method, args);
    }
  }

  private synchronized Connection nextServer() {
    Connection server = servers.get(next);
    next = (next + 1) % servers.size();
    return server;
  }

  private static Object invoke(Connection server, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(server, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The value of the setting {@code name} on each server connection, read on each directly. */
  List<String> settings(String name) throws SQLException {
    List<String> values = new ArrayList<>();
    for (Connection server : servers) {
      try (PreparedStatement s = server.prepareStatement("SELECT current_setting(?)")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          values.add(r.getString(1));
        }
      }
    }
    return values;
  }

  @Override
  public Connection getConnection(String username, String password) {
    return getConnection();
  }

  @Override
  public void close() throws SQLException {
    for (Connection server : servers) {
      server.close();
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
