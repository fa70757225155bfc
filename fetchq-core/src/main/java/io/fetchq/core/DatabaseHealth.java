package io.fetchq.core;

import java.time.Instant;

/**
 * What a {@link Fetchq} client knows of its database, from the calls it makes: whether they reach
 * it. After transient failures fill the window of {@link ResilienceSettings}, the database is
 * {@link State#UNAVAILABLE}: calls fail fast with {@link DatabaseUnavailableException} and workers
 * pause; after the open wait one call probes it ({@link State#PROBING}); when that call succeeds it
 * is {@link State#AVAILABLE} again. This is what a health check, a metric or a dashboard reads.
 *
 * @param state where the client stands
 * @param unavailableSince when the current outage began; null while available
 * @param since when the client entered {@code state}; null while available since it was built
 */
public record DatabaseHealth(State state, Instant unavailableSince, Instant since) {

  /** Where a client stands with its database. */
  public enum State {
    /** Calls go through. */
    AVAILABLE,
    /** Calls fail fast without reaching the database until the open wait has passed. */
    UNAVAILABLE,
    /** One call is out to find whether the database is back; the others fail fast meanwhile. */
    PROBING
  }

  /** Whether calls go through now. */
  public boolean available() {
    return state == State.AVAILABLE;
  }
}
