package io.fetchq.core;

import io.fetchq.StorageException;
import java.time.Instant;

/**
 * The database is treated as unavailable: after repeated transient failures the client's circuit
 * breaker is open ({@link Fetchq#health()}) and the call was refused without reaching the database,
 * so it changed nothing. It is transient: callers should pause rather than try again at once.
 */
public class DatabaseUnavailableException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final Instant since;
  private final Instant retryAfter;

  /**
   * @param since when the database became unavailable (the start of the outage)
   * @param retryAfter when the breaker lets a probe call through again
   * @param cause the last transient failure seen, or null
   */
  public DatabaseUnavailableException(Instant since, Instant retryAfter, Throwable cause) {
    super(
        "the database is unavailable since " + since + "; calls fail fast until a probe after "
            + retryAfter + " succeeds" + (cause == null ? "" : " (last failure: " + cause.getMessage() + ")"),
        null,
        true,
        cause);
    this.since = since;
    this.retryAfter = retryAfter;
  }

  /** When the database became unavailable: the first time the breaker opened in this outage. */
  public Instant since() {
    return since;
  }

  /** When the breaker lets a probe call through again (may already have passed). */
  public Instant retryAfter() {
    return retryAfter;
  }
}
