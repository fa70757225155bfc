package io.fetchq.internal;

import static io.fetchq.Limits.MAX_BATCH;
import static io.fetchq.Limits.MAX_INSTANT;
import static io.fetchq.Limits.MAX_PAYLOAD_LENGTH;
import static io.fetchq.Limits.MAX_QUEUE_NAME_LENGTH;
import static io.fetchq.Limits.MAX_SUBJECT_BYTES;
import static io.fetchq.Limits.MIN_INSTANT;
import static io.fetchq.Limits.QUEUE_NAME;

import io.fetchq.InvalidArgumentException;
import io.fetchq.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The input rules shared by Fetchq's value types, within the bounds of {@link Limits}. Each check
 * throws an {@link InvalidArgumentException} that names the field and the rule. Public because every
 * module checks its input with it; not part of the user API (users read {@link Limits}).
 */
public final class Require {
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

  /** A non-null, non-empty collection of at most {@link Limits#MAX_BATCH} non-null elements. */
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
