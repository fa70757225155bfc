package io.fetchq.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as the configuration writes them: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, or ISO-8601. */
final class Interval implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  @Override
  public Duration convert(String text) {
    Matcher parts = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (parts.matches()) {
      long amount = Long.parseLong(parts.group(1));
      return switch (parts.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("must be a duration such as 500ms, 2s, 1m or PT2S; was '" + text + "'");
    }
  }
}
