package io.fetchq.postgres;

import io.fetchq.internal.Require;
import io.fetchq.spi.Notifications;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wake-ups through PostgreSQL LISTEN/NOTIFY on the channel {@code fetchq_<queue>}. Sending is one
 * statement for any number of queues; each subscription listens on one dedicated connection and
 * reconnects after losing it.
 */
final class PostgresNotifications implements Notifications {
  static final String CHANNEL_PREFIX = "fetchq_";

  private final Statements statements;
  private final ListenerConnection connections;

  /** Runs a statement the way the storage runs its own. */
  interface Statements {
    <T> T run(String operation, Function<SqlSession, T> statement);
  }

  PostgresNotifications(Statements statements, ListenerConnection connections) {
    this.statements = statements;
    this.connections = connections;
  }

  @Override
  public void send(Set<String> queues) {
    Require.notNull("queues", queues);
    if (queues.isEmpty()) {
      return;
    }
    queues.forEach(q -> Require.queueName("queues", q));
    String[] names = queues.toArray(String[]::new);
    statements.run("notify", s -> s.getMapper(NotificationMapper.class).send(names));
  }

  @Override
  public Subscription listen(Set<String> queues, Listener listener) {
    Require.notNull("queues", queues);
    Require.notNull("listener", listener);
    queues.forEach(q -> Require.queueName("queues", q));
    ListenLoop loop = new ListenLoop(List.copyOf(queues), listener, connections);
    Thread thread = new Thread(loop, "fetchq-listener");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      loop.stop();
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** The body of one subscription's thread. */
  private static final class ListenLoop implements Runnable {
    private static final int POLL_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final List<String> queues;
    private final Listener listener;
    private final ListenerConnection connections;
    private volatile boolean stopped;
    private volatile Connection current;

    ListenLoop(List<String> queues, Listener listener, ListenerConnection connections) {
      this.queues = queues;
      this.listener = listener;
      this.connections = connections;
    }

    void stop() {
      stopped = true;
      Connection connection = current;
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // closing is best effort: the loop ends either way
        }
      }
    }

    @Override
    public void run() {
      long backoff = 100;
      while (!stopped) {
        try (Connection connection = connections.open()) {
          current = connection;
          connection.setAutoCommit(true);
          try (Statement statement = connection.createStatement()) {
            for (String queue : queues) {
              // the queue name matched the strict identifier pattern, so it is safe to quote
              statement.execute("LISTEN \"" + CHANNEL_PREFIX + queue + "\"");
            }
          }
          backoff = 100;
          listener.connected();
          PGConnection pg = connection.unwrap(PGConnection.class);
          while (!stopped) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications == null) {
              continue;
            }
            for (PGNotification notification : notifications) {
              String channel = notification.getName();
              if (channel.startsWith(CHANNEL_PREFIX)) {
                listener.wake(channel.substring(CHANNEL_PREFIX.length()));
              }
            }
          }
        } catch (SQLException | RuntimeException e) {
          if (stopped) {
            return;
          }
          listener.disconnected(e);
          try {
            Thread.sleep(backoff);
          } catch (InterruptedException interrupted) {
            if (stopped) {
              return;
            }
          }
          backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        } finally {
          current = null;
        }
      }
    }
  }
}
