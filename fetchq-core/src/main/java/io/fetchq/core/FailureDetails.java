package io.fetchq.core;

import io.fetchq.Failure;
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
            + quote(thrown.getClass().getName())
            + ",\"message\":"
            + quote(message)
            + ",\"stack\":"
            + quote(clean(stack.toString(), MAX_STACK))
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

  /** The text as a JSON string literal. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
