package io.fetchq.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration text: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d}, a
 * plain number of milliseconds, or ISO-8601 such as {@code PT5M}. Parsing and formatting agree:
 * {@code parse(format(d))} is {@code d}.
 */
final class DurationText {
  /** The accepted forms, in words, for error messages. */
  static final String FORMS = "a duration such as 500ms, 2s, 5m, 1h, 7d, a number of milliseconds or ISO-8601 (PT5M)";

  private static final Pattern WITH_UNIT = Pattern.compile("([0-9]{1,19})(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  private DurationText() {}

  /**
   * The duration the text spells.
   *
   * @throws IllegalArgumentException naming the accepted forms when the text is none of them or
   *     too large
   */
  static Duration parse(String text) {
    String trimmed = text.strip();
    Matcher m = WITH_UNIT.matcher(trimmed);
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofSeconds(Math.multiplyExact(amount, 60L));
          case "h" -> Duration.ofSeconds(Math.multiplyExact(amount, 3600L));
          default -> Duration.ofSeconds(Math.multiplyExact(amount, 86_400L));
        };
      }
      if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
        return Duration.parse(trimmed);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("is too large for a duration");
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be " + FORMS);
    }
    throw new IllegalArgumentException("must be " + FORMS);
  }

  /** The shortest text for the duration in the largest unit that divides it, else ISO-8601. */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0ms";
    }
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long seconds = duration.getSeconds();
    if (duration.getNano() != 0) {
      return seconds < Long.MAX_VALUE / 1000 ? duration.toMillis() + "ms" : duration.toString();
    }
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
