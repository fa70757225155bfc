package io.fetchq.core;

import io.fetchq.internal.JsonString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of a schedule's task: the schedule's rule and the fire time the task is planned for,
 * under one reserved key, so that any client that picks the task can tell it is a schedule's and
 * plan its next run even if it did not declare the schedule:
 * <pre>{"fetchq_schedule":{"cron":"0 3 * * *","zone":"Europe/Rome","missed":"ONCE","fire":"2026-01-02T02:00:00Z"}}</pre>
 * Values are kept as text here; {@link ScheduleRule} reads them.
 *
 * @param cron the cron expression
 * @param zone the time zone's id
 * @param missed the missed-fire policy's name
 * @param fire the fire time the task is planned for (ISO-8601 instant), or null when not known
 */
record ScheduleMarker(String cron, String zone, String missed, String fire) {
  /** How every payload Fetchq writes for a schedule begins; a task whose payload does not is no schedule's. */
  static final String PREFIX = "{\"fetchq_schedule\":";

  /** The payload: the marker as JSON. */
  String json() {
    StringBuilder out = new StringBuilder(PREFIX).append('{');
    field(out, "cron", cron).append(',');
    field(out, "zone", zone).append(',');
    field(out, "missed", missed);
    if (fire != null) {
      field(out.append(','), "fire", fire);
    }
    return out.append("}}").toString();
  }

  private static StringBuilder field(StringBuilder out, String name, String value) {
    JsonString.append(out, name);
    out.append(':');
    JsonString.append(out, value);
    return out;
  }

  /** Whether {@code payload} is a schedule's, by its first characters: cheap enough for every task a worker runs. */
  static boolean marks(String payload) {
    return payload != null && payload.startsWith(PREFIX);
  }

  /**
   * The marker of {@code payload}, or null when it is not one: not a schedule's, or without its
   * cron, zone or missed-fire policy.
   */
  static ScheduleMarker read(String payload) {
    if (!marks(payload)) {
      return null;
    }
    try {
      Map<String, String> fields = new Reader(payload).marker();
      if (fields == null || !fields.containsKey("cron") || !fields.containsKey("zone") || !fields.containsKey("missed")) {
        return null;
      }
      return new ScheduleMarker(fields.get("cron"), fields.get("zone"), fields.get("missed"), fields.get("fire"));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Reads the one shape Fetchq writes, {@code {"fetchq_schedule":{"name":"text",...}}}, with any
   * whitespace between tokens; anything else is refused with an {@link IllegalArgumentException}.
   */
  private static final class Reader {
    private final String text;
    private int pos;

    Reader(String text) {
      this.text = text;
    }

    Map<String, String> marker() {
      expect('{');
      if (!"fetchq_schedule".equals(string())) {
        return null;
      }
      expect(':');
      Map<String, String> fields = new LinkedHashMap<>();
      expect('{');
      if (peek() == '}') {
        pos++;
      } else {
        do {
          String name = string();
          expect(':');
          fields.put(name, string());
        } while (comma());
        expect('}');
      }
      expect('}');
      skipSpace();
      if (pos != text.length()) {
        throw new IllegalArgumentException("text after the marker");
      }
      return fields;
    }

    private boolean comma() {
      if (peek() == ',') {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected " + c + " at " + pos);
      }
      pos++;
    }

    private char peek() {
      skipSpace();
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
      while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw new IllegalArgumentException("unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= text.length()) {
          throw new IllegalArgumentException("unterminated escape");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw new IllegalArgumentException("bad \\u escape");
            }
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw new IllegalArgumentException("bad escape");
        }
      }
    }
  }
}
