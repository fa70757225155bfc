package io.fetchq.examples.support;

/** No PostgreSQL to run against: none configured, the embedded one did not start, and no local server answered. */
public final class NoDatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
