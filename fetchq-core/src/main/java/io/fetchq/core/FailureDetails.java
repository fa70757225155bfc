package io.fetchq.core;

import io.fetchq.Failure;
import io.fetchq.internal.JsonString;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Describes an exception a handler threw as a {@link Failure}: message, and its class and stack trace as JSON. */
final class FailureDetails {
  /** Long stack traces are cut to this many characters in the error log. */
  static final int MAX_STACK = 16_000;

  private static final int MAX_MESSAGE = 8_000;

  private FailureDetails() {}

  static Failure of(Throwable thrown) {
    String message = thrown.getMessage() == null ? thrown.getClass().getName() : thrown.getMessage();
    message = clean(message, MAX_MESSAGE);
    StringWriter stack = new StringWriter();
    thrown.printStackTrace(new PrintWriter(stack));
    String details =
        "{\"exception\":"
            + JsonString.quote(thrown.getClass().getName())
            + ",\"message\":"
            + JsonString.quote(message)
            + ",\"stack\":"
            + JsonString.quote(clean(stack.toString(), MAX_STACK))
            + "}";
    return new Failure(message, details, thrown);
  }

  /** A failure the runtime itself saw, without an exception. */
  static Failure of(String message) {
    return new Failure(clean(message, MAX_MESSAGE), null, null);
  }

  private static String clean(String text, int max) {
    String noNul = text.replace('\0', ' ');
    return noNul.length() <= max ? noNul : noNul.substring(0, max);
  }
}
