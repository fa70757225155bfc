package io.fetchq.examples.heroes.crawler;

import java.time.Duration;

/**
 * How long a day lasts for the crawler: a real day in production, a few seconds in the demo, so
 * that "every second day" comes round several times in a minute.
 *
 * @param day the length of one day
 */
public record CrawlCalendar(Duration day) {
  /** The real calendar. */
  public static final CrawlCalendar REAL = new CrawlCalendar(Duration.ofDays(1));

  public CrawlCalendar {
    if (day.isNegative() || day.isZero()) {
      throw new IllegalArgumentException("a day must last: " + day);
    }
  }

  /** {@code n} days. */
  public Duration days(int n) {
    return day.multipliedBy(n);
  }
}
