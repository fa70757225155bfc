package io.fetchq.postgres;

import io.fetchq.spi.Notifications;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out, once, the first time wake-ups are asked about, whether LISTEN works where it runs: a listener
 * connection listens on a channel of its own and a NOTIFY is sent through the pool. A pooler in
 * transaction mode (PgBouncer's {@code pool_mode = transaction}) hands each transaction to any server
 * connection, so the LISTEN is forgotten as soon as it ran and nothing is heard; then the backend
 * declares no wake-ups between processes, and workers find new tasks by polling (see
 * docs/operations.md, "Behind a connection pooler"). Anything else that goes wrong in the probe
 * (the listener connection refused) leaves wake-ups on: their listener reconnects by itself.
 */
final class ListenProbe {
  private static final Logger log = LoggerFactory.getLogger(ListenProbe.class);
  /** How long the NOTIFY may take to arrive; a direct connection hears it in a millisecond or two. */
  private static final long WAIT_MILLIS = 500;

  private ListenProbe() {}

  /** Whether a NOTIFY sent by {@code notifications} is heard on a connection from {@code listeners}. */
  static boolean hears(Notifications notifications, ListenerConnection listeners) {
    String probe = "listen_probe_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    String channel = PostgresNotifications.CHANNEL_PREFIX + probe;
    try (Connection connection = listeners.open()) {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("LISTEN \"" + channel + "\"");
        try {
          notifications.send(Set.of(probe));
          if (heard(connection.unwrap(PGConnection.class), channel)) {
            return true;
          }
        } finally {
          statement.execute("UNLISTEN \"" + channel + "\"");
        }
      }
    } catch (SQLException | RuntimeException e) {
      log.debug("the LISTEN probe failed; wake-ups stay on and their listener reconnects by itself", e);
      return true;
    }
    log.warn("a NOTIFY sent through the pool was not heard on a listening connection within {} ms: the database is"
        + " reached through a pooler in transaction mode (PgBouncer pool_mode = transaction?), where LISTEN does not"
        + " last. Wake-ups between processes are off: idle workers find new tasks by polling, every"
        + " fetchq.worker.idle.max at the longest. Reach the database directly, or through a pooler in session mode,"
        + " for wake-ups", WAIT_MILLIS);
    return false;
  }

  private static boolean heard(PGConnection connection, String channel) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    for (long left = WAIT_MILLIS; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
      PGNotification[] arrived = connection.getNotifications((int) Math.max(1, left));
      if (arrived != null) {
        for (PGNotification notification : arrived) {
          if (notification.getName().equals(channel)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
