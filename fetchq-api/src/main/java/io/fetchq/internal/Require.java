package io.fetchq.internal;

import io.fetchq.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The input rules shared by Fetchq's value types. Each check throws an {@link
 * InvalidArgumentException} that names the field and the rule. Not part of the public API.
 */
public final class Require {
  /** Queue names: lower-case letter first, then lower-case letters, digits and underscores. */
  public static final Pattern QUEUE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  public static final int MAX_QUEUE_NAME_LENGTH = 40;
  /**
   * The longest subject in UTF-8 bytes: it is a key of a B-tree index, whose entries PostgreSQL
   * caps at about 2.7 kB.
   */
  public static final int MAX_SUBJECT_BYTES = 2048;
  public static final int MAX_PAYLOAD_LENGTH = 16 * 1024 * 1024;
  public static final int MAX_MESSAGE_LENGTH = 8192;
  public static final int MAX_VERSION = Short.MAX_VALUE;
  public static final int MIN_PRIORITY = Short.MIN_VALUE;
  public static final int MAX_PRIORITY = Short.MAX_VALUE;
  public static final int MAX_BATCH = 50_000;
  /** The longest lock a picker may take. */
  public static final Duration MAX_LOCK = Duration.ofDays(7);
  /** The longest delay or retention: a hundred years. */
  public static final Duration MAX_DELAY = Duration.ofDays(36_500);
  /** The earliest and latest instants a task may be due. */
  public static final Instant MIN_INSTANT = Instant.parse("1970-01-01T00:00:00Z");

  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T00:00:00Z");

  private Require() {}

  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidArgumentException(field, "must not be null");
    }
    return value;
  }

  public static String queueName(String field, String name) {
    notNull(field, name);
    if (!QUEUE_NAME.matcher(name).matches()) {
      throw new InvalidArgumentException(
          field,
          "must match "
              + QUEUE_NAME.pattern()
              + " (a lower-case letter, then up to "
              + (MAX_QUEUE_NAME_LENGTH - 1)
              + " lower-case letters, digits or underscores); was "
              + quoteShort(name));
    }
    return name;
  }

  public static String subject(String field, String subject) {
    notNull(field, subject);
    if (subject.isEmpty()) {
      throw new InvalidArgumentException(field, "must not be empty");
    }
    noNul(field, subject);
    wellFormed(field, subject);
    if (subject.length() * 3 > MAX_SUBJECT_BYTES) {
      int bytes = subject.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_SUBJECT_BYTES) {
        throw new InvalidArgumentException(
            field, "must be at most " + MAX_SUBJECT_BYTES + " bytes in UTF-8; was " + bytes);
      }
    }
    return subject;
  }

  /** A JSON document, or {@code null} when {@code nullable}. */
  public static String json(String field, String json, boolean nullable) {
    if (json == null) {
      if (nullable) {
        return null;
      }
      throw new InvalidArgumentException(field, "must not be null");
    }
    if (json.length() > MAX_PAYLOAD_LENGTH) {
      throw new InvalidArgumentException(
          field, "must be at most " + MAX_PAYLOAD_LENGTH + " characters; was " + json.length());
    }
    wellFormed(field, json);
    String problem = JsonSyntax.problem(json);
    if (problem != null) {
      throw new InvalidArgumentException(field, "must be valid JSON: " + problem);
    }
    return json;
  }

  /** A free text such as an error message: bounded, without NUL characters. */
  public static String text(String field, String text, int maxLength) {
    notNull(field, text);
    if (text.length() > maxLength) {
      throw new InvalidArgumentException(
          field, "must be at most " + maxLength + " characters; was " + text.length());
    }
    noNul(field, text);
    wellFormed(field, text);
    return text;
  }

  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidArgumentException(
          field, "must be between " + min + " and " + max + "; was " + value);
    }
    return value;
  }

  public static long range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidArgumentException(
          field, "must be between " + min + " and " + max + "; was " + value);
    }
    return value;
  }

  /** A duration within {@code [min, max]}. */
  public static Duration duration(String field, Duration value, Duration min, Duration max) {
    notNull(field, value);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new InvalidArgumentException(
          field, "must be between " + min + " and " + max + "; was " + value);
    }
    return value;
  }

  public static Instant instant(String field, Instant value) {
    notNull(field, value);
    if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
      throw new InvalidArgumentException(
          field, "must be between " + MIN_INSTANT + " and " + MAX_INSTANT + "; was " + value);
    }
    return value;
  }

  /** A non-null, non-empty collection of at most {@link #MAX_BATCH} non-null elements. */
  public static <C extends Collection<?>> C batch(String field, C items) {
    notNull(field, items);
    if (items.isEmpty()) {
      throw new InvalidArgumentException(field, "must not be empty");
    }
    if (items.size() > MAX_BATCH) {
      throw new InvalidArgumentException(
          field, "must hold at most " + MAX_BATCH + " items; held " + items.size());
    }
    for (Object item : items) {
      if (item == null) {
        throw new InvalidArgumentException(field, "must not contain null");
      }
    }
    return items;
  }

  /** Refuses a lone UTF-16 surrogate: it has no UTF-8 form, so it could not be stored as given. */
  private static void wellFormed(String field, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidArgumentException(
            field, "must be well-formed Unicode; has a lone surrogate U+" + String.format("%04X", (int) c) + " at index " + i);
      }
    }
  }

  private static void noNul(String field, String text) {
    if (text.indexOf('\0') >= 0) {
      throw new InvalidArgumentException(field, "must not contain the NUL character (U+0000)");
    }
  }

  private static String quoteShort(String value) {
    String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
    return "\"" + shown + "\"";
  }
}
