package io.fetchq.core;

import io.fetchq.spi.SchemaMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one configuration key accepts: it turns the text into the typed value, or throws an {@link
 * IllegalArgumentException} whose message is the rule in words ({@code must be between 1 and
 * 50000}); the caller adds the key, the value and the source.
 */
@FunctionalInterface
interface ConfigRule {

  /** The typed value the text stands for. */
  Object parse(String text);

  /** A whole number within {@code [min, max]}. */
  static ConfigRule integer(int min, int max) {
    return text -> {
      String trimmed = text.strip();
      if (!trimmed.matches("-?[0-9]{1,18}")) {
        throw new IllegalArgumentException("must be a whole number between " + min + " and " + max);
      }
      long value = Long.parseLong(trimmed);
      if (value < min || value > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return (int) value;
    };
  }

  /** A duration within {@code [min, max]}, in any of the {@link DurationText} forms. */
  static ConfigRule duration(Duration min, Duration max) {
    return text -> {
      Duration value = DurationText.parse(text);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "must be between " + DurationText.format(min) + " and " + DurationText.format(max));
      }
      return value;
    };
  }

  /** {@code true} or {@code false}, in any case; nothing else (no yes, 1 or on). */
  static ConfigRule bool() {
    return text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  /** Text that matches the pattern exactly, described to users as {@code what}. */
  static ConfigRule matching(Pattern pattern, String what) {
    return text -> {
      String trimmed = text.strip();
      if (!pattern.matcher(trimmed).matches()) {
        throw new IllegalArgumentException("must be " + what + " (" + pattern.pattern() + ")");
      }
      return trimmed;
    };
  }

  /** A PostgreSQL JDBC URL. */
  static ConfigRule jdbcUrl() {
    return text -> {
      String trimmed = text.strip();
      if (!trimmed.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("must start with jdbc:postgresql:");
      }
      if (trimmed.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("must not contain spaces");
      }
      return trimmed;
    };
  }

  /** Text that is not blank; surrounding spaces are dropped. */
  static ConfigRule notBlank() {
    return text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must not be blank");
      }
      return text.strip();
    };
  }

  /** Any text, kept exactly as given (a password may begin or end with a space). */
  static ConfigRule verbatim() {
    return text -> text;
  }

  /** A time zone id such as {@code Europe/Rome} or {@code UTC}. */
  static ConfigRule zone() {
    return ConfigSchedules::zone;
  }

  /** One of {@code migrate}, {@code validate} or {@code none}, in any case. */
  static ConfigRule schemaMode() {
    return text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "migrate" -> SchemaMode.MIGRATE;
      case "validate" -> SchemaMode.VALIDATE;
      case "none" -> SchemaMode.NONE;
      default -> throw new IllegalArgumentException("must be migrate, validate or none");
    };
  }
}
