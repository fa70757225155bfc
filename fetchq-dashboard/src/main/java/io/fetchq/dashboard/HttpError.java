package io.fetchq.dashboard;

/** An answer other than 200 that a request ends with: its status and a message for the page. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
