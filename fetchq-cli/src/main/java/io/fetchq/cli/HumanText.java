package io.fetchq.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How times and durations read in the plain-text output: {@code 2026-05-01T10:15:30Z}, {@code 5m}, {@code 7d}. */
final class HumanText {
  private HumanText() {}

  /** The instant in UTC to the second, or null. */
  static String instant(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The duration in its largest whole unit: {@code 36500d}, {@code 5m}, {@code 1500ms}. */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis != 0 && millis % sizes[i] == 0) {
        return millis / sizes[i] + units[i];
      }
    }
    return millis + "ms";
  }
}
