package io.fetchq.internal;

import java.util.Locale;

/** Writes text as a JSON string literal (RFC 8259). Not part of the public API. */
public final class JsonString {
  private JsonString() {}

  /** {@code text} as a JSON string literal, quotes included. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    append(out, text);
    return out.toString();
  }

  /** Appends {@code text} to {@code out} as a JSON string literal, quotes included. */
  public static void append(StringBuilder out, String text) {
    out.append('"');
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
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
