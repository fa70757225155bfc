package io.fetchq.core;

import io.fetchq.InvalidArgumentException;
import io.fetchq.StorageException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a client at start-up, trying again with growing pauses (100 ms doubling to 5 s, with
 * jitter) while the database cannot be reached or is restarting: connection refused or cut, the
 * server starting up or shutting down, too many connections. It gives up once {@code
 * fetchq.startup.timeout} has passed and throws the last failure as it was. Any other failure (a
 * password refused, no such database, a schema that does not validate, bad settings) is thrown at
 * once: waiting cannot mend it. Every pause is logged with its reason, so an operator sees why a
 * process has not started yet.
 */
final class StartupRetry {
  private static final Logger log = LoggerFactory.getLogger(StartupRetry.class);
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Admin shutdown, crash shutdown, cannot connect now (starting up), too many connections, out of memory. */
  private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300", "53200");

  private final Duration timeout;
  private final RuntimeClock clock;

  StartupRetry(Duration timeout, RuntimeClock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The result of {@code open}, tried again while its failure is one that waiting may mend. */
  <T> T run(Supplier<T> open) {
    long deadline = clock.nanos() + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    for (int attempt = 1; ; attempt++) {
      try {
        T opened = open.get();
        if (attempt > 1) {
          log.info("fetchq reached its database at start-up after {} attempts", attempt);
        }
        return opened;
      } catch (RuntimeException e) {
        long left = deadline - clock.nanos();
        if (!waitingMayMend(e)) {
          throw e;
        }
        if (left <= 0) {
          if (attempt > 1) {
            log.error("fetchq gave up reaching its database at start-up after {} attempts in {}"
                + " (fetchq.startup.timeout): {}", attempt, timeout, e.getMessage());
          }
          throw e;
        }
        long wait = Math.min(left, jittered(pause));
        log.warn("fetchq could not reach its database at start-up (attempt {}): {}; trying again in {} ms,"
            + " for at most {} ms more (fetchq.startup.timeout)", attempt, e.getMessage(),
            TimeUnit.NANOSECONDS.toMillis(wait), TimeUnit.NANOSECONDS.toMillis(left));
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
      }
    }
  }

  private static long jittered(long nanos) {
    return (long) (nanos * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
  }

  /**
   * The SQLSTATE of a {@code java.sql.SQLException} met in a failure's chain, read by name: core
   * never depends on JDBC (database access belongs to the backends), but a backend's failure to open
   * may come as the driver threw it.
   */
  private static String sqlState(Throwable t) {
    if (!named(t.getClass(), "java.sql.SQLException")) {
      return null;
    }
    try {
      Object state = t.getClass().getMethod("getSQLState").invoke(t);
      return state instanceof String s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether {@code t} is a pool's refusal of a connection it closed under its user, which says so
   * in words only: HikariCP's closed connection throws "Connection is closed" without a SQLSTATE
   * (the pool closed it because its server connection was cut).
   */
  private static boolean closedUnderTheCaller(Throwable t) {
    return named(t.getClass(), "java.sql.SQLException") && "Connection is closed".equals(t.getMessage());
  }

  /** Whether {@code type} is the class called {@code name} or extends it. */
  private static boolean named(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code failure} says the database could not be reached or is restarting, judged by the
   * first cause along its chain that tells: bad settings never, a connection failure or an SQLSTATE
   * of class 08 (connection exception) or a server going down or starting up always, and so a
   * pooled connection closed under the caller.
   */
  static boolean waitingMayMend(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidArgumentException || t instanceof ConfigurationException) {
        return false;
      }
      if (t instanceof DatabaseUnavailableException
          || named(t.getClass(), "java.sql.SQLTransientConnectionException")
          || t instanceof ConnectException
          || t instanceof SocketException
          || t instanceof EOFException) {
        return true;
      }
      String state = t instanceof StorageException storage ? storage.sqlState() : sqlState(t);
      if (state != null) {
        return state.startsWith("08") || TRANSIENT_STATES.contains(state);
      }
      if (closedUnderTheCaller(t)) {
        return true;
      }
    }
    return false;
  }
}
