package io.fetchq.cli;

import io.fetchq.FetchqException;
import io.fetchq.InvalidArgumentException;
import io.fetchq.QueueNotFoundException;
import io.fetchq.StorageException;
import io.fetchq.core.ConfigurationException;
import io.fetchq.core.DatabaseUnavailableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed command tells the operator: the exit code its cause stands for and one message,
 * read from the whole chain of causes (the runtime wraps the backend's failures, and the backend
 * the driver's).
 *
 * @param exit the exit code
 * @param message what went wrong and, where there is one, what to do
 */
record Failure(ExitCode exit, String message) {
  private static final Pattern NOT_APPLIED =
      Pattern.compile("Detected resolved migration not applied to database: ([^ ]+?)\\.(?: |$)");

  /** The failure {@code thrown} stands for. */
  static Failure of(Throwable thrown) {
    List<Throwable> chain = chain(thrown);
    for (Throwable t : chain) {
      if (t instanceof QueueNotFoundException missing) {
        return new Failure(ExitCode.QUEUE_NOT_FOUND, "queue not found: " + missing.queue());
      }
    }
    for (Throwable t : chain) {
      if (t instanceof InvalidArgumentException invalid) {
        return new Failure(ExitCode.USAGE, invalid.getMessage());
      }
      if (t instanceof ConfigurationException config) {
        return new Failure(ExitCode.NOT_READY, "the configuration is not usable: " + config.getMessage());
      }
    }
    Throwable unreachable = chain.stream().filter(Failure::unreachable).findFirst().orElse(null);
    if (unreachable != null) {
      return new Failure(ExitCode.DATABASE_UNAVAILABLE, "the database is unavailable: " + oneLine(unreachable));
    }
    for (Throwable t : chain) {
      if (schemaNotReady(t)) {
        return new Failure(ExitCode.NOT_READY, withoutAdvert(oneLine(t))
            + "\nThe schema is missing or not migrated: run `fetchq migrate` (with the same settings) to create or"
            + " upgrade it.");
      }
    }
    Throwable root = chain.get(chain.size() - 1);
    return new Failure(ExitCode.FAILED, thrown == root ? describe(thrown) : describe(thrown) + " (" + describe(root) + ")");
  }

  /** A failure to reach the database, or to be let in: no route, refused, timed out, login refused, no such database. */
  private static boolean unreachable(Throwable t) {
    if (t instanceof DatabaseUnavailableException
        || t instanceof ConnectException
        || t instanceof NoRouteToHostException
        || t instanceof UnknownHostException
        || t instanceof SocketTimeoutException) {
      return true;
    }
    String state = t instanceof SQLException sql ? sql.getSQLState()
        : t instanceof StorageException storage ? storage.sqlState() : null;
    // 08: connection exceptions; 28: invalid authorization; 3D000: no such database; 57P0x: shutting down
    return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")
        || state.startsWith("57P0"));
  }

  /**
   * The schema check of a backend opened in validate mode failed. Backends report it as a {@link
   * FetchqException} caused by their migration tool's exception (Flyway's for both built-in ones).
   */
  private static boolean schemaNotReady(Throwable t) {
    if (t.getClass().getName().startsWith("org.flywaydb.")) {
      return true;
    }
    String message = t.getMessage();
    return t instanceof FetchqException && message != null && message.startsWith("schema ")
        && (message.contains(" could not be validated") || message.contains(" could not be migrated"));
  }

  /**
   * Flyway's message made short: without the link it ends with, and one line for the migrations
   * not applied instead of a line with the same advice for each.
   */
  private static String withoutAdvert(String message) {
    int advert = message.indexOf(" Need more flexibility");
    String text = advert < 0 ? message : message.substring(0, advert);
    Matcher pending = NOT_APPLIED.matcher(text);
    List<String> versions = new ArrayList<>();
    while (pending.find()) {
      versions.add(pending.group(1));
    }
    int details = text.indexOf("Migrations have failed validation");
    if (versions.isEmpty() || details < 0) {
      return text;
    }
    return text.substring(0, details) + "migrations not applied: " + String.join(", ", versions);
  }

  private static List<Throwable> chain(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : oneLine(t);
  }

  private static String oneLine(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    return message.replaceAll("\\s*\\R\\s*", " ");
  }
}
