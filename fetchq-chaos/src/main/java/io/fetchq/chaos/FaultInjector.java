package io.fetchq.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Makes each fault happen, on the run's worker JVMs and database, and says how it went. */
final class FaultInjector {
  static final long KILL_PAUSE_MILLIS = 1_000;
  static final long STALL_MILLIS = ChaosQueue.LOCK.toMillis() * 2 + 500;
  static final long FULL_POOL_MILLIS = 3_000;
  private static final int MOST_CONNECTIONS = 1_000;

  private final ChaosQueue queue;
  private final WorkerProcesses workers;
  private final String restartCommand;

  FaultInjector(ChaosQueue queue, WorkerProcesses workers, String restartCommand) {
    this.queue = queue;
    this.workers = workers;
    this.restartCommand = restartCommand;
  }

  FaultResult apply(Fault fault) throws Exception {
    long start = System.currentTimeMillis();
    String detail;
    boolean applied = true;
    switch (fault.kind()) {
      case KILL_WORKER -> detail = "killed pid " + workers.kill(fault.worker(), KILL_PAUSE_MILLIS);
      case TERMINATE_CONNECTIONS -> detail = terminateConnections() + " connections terminated";
      case RESTART_POSTGRES -> {
        if (restartCommand == null || restartCommand.isBlank()) {
          applied = false;
          detail = "skipped: no --pg-restart-command given";
        } else {
          detail = restartPostgres();
        }
      }
      case STALL_WORKER -> {
        long pid = workers.signal(fault.worker(), "STOP");
        try {
          Thread.sleep(STALL_MILLIS);
        } finally {
          workers.signal(fault.worker(), "CONT");
        }
        detail = "pid " + pid + " stopped for " + STALL_MILLIS + " ms";
      }
      case FULL_POOL -> detail = fillServer();
      default -> throw new IllegalStateException(fault.kind().name());
    }
    return new FaultResult(fault, start, System.currentTimeMillis(), applied, detail);
  }

  private Connection admin() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", queue.dbUser());
    if (queue.dbPassword() != null) {
      properties.setProperty("password", queue.dbPassword());
    }
    properties.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(queue.urlFor("admin"), properties);
  }

  private int terminateConnections() throws SQLException {
    try (Connection c = admin(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE application_name LIKE '" + ChaosQueue.APPLICATION_PREFIX.replace("_", "\\_") + "%'"
            + " AND pid <> pg_backend_pid()")) {
      r.next();
      return r.getInt(1);
    }
  }

  private String restartPostgres() throws Exception {
    Process process = new ProcessBuilder("sh", "-c", restartCommand).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes()).trim();
    int code = process.waitFor();
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        admin().close();
        break;
      } catch (SQLException notYet) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("PostgreSQL did not come back within 60 s after: " + restartCommand);
        }
        Thread.sleep(100);
      }
    }
    return "restarted (exit " + code + (output.isEmpty() ? "" : ", " + output.replace('\n', ' ')) + ")";
  }

  private String fillServer() throws InterruptedException {
    List<Connection> taken = new ArrayList<>();
    String refusal = "none";
    try {
      while (taken.size() < MOST_CONNECTIONS) {
        try {
          taken.add(admin());
        } catch (SQLException refused) {
          refusal = refused.getSQLState() + " " + refused.getMessage();
          break;
        }
      }
      Thread.sleep(FULL_POOL_MILLIS);
    } finally {
      for (Connection c : taken) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the server may have closed it already
        }
      }
    }
    return taken.size() + " connections held for " + FULL_POOL_MILLIS + " ms; refused with " + refusal;
  }
}
