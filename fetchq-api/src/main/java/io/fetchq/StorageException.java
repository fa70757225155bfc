package io.fetchq;

/**
 * The storage failed to carry out an operation. {@link #isTransient()} tells whether the same call
 * may succeed if tried again (connection lost, server restarting, serialization failure,
 * deadlock); the operation either took effect whole or not at all.
 */
public class StorageException extends FetchqException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;
  private final boolean transientFailure;

  public StorageException(String message, String sqlState, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
    this.transientFailure = transientFailure;
  }

  /** The SQLSTATE the database reported, or {@code null} when there was none. */
  public String sqlState() {
    return sqlState;
  }

  /** Whether trying the same call again may succeed. */
  public boolean isTransient() {
    return transientFailure;
  }
}
