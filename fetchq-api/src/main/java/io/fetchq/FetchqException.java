package io.fetchq;

/** The root of the failures Fetchq reports, other than bad input ({@link InvalidArgumentException}). */
public class FetchqException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FetchqException(String message) {
    super(message);
  }

  public FetchqException(String message, Throwable cause) {
    super(message, cause);
  }
}
