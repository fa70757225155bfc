package io.fetchq.core;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.fetchq.InvalidArgumentException;
import io.fetchq.internal.Require;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The fire times of one cron expression, read by cron-utils: five fields (minute hour day-of-month
 * month day-of-week, Unix cron), six fields with seconds first (Spring's), or a macro ({@code
 * @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight},
 * {@code @hourly}). Fire times in a daylight-saving change follow the library: a local time that
 * does not exist that day (the gap) does not fire that day; a local time that happens twice (the
 * overlap) fires once, at its first occurrence, when the next fire time is counted from the one
 * before (see {@link ScheduleRule#nextFire}). Immutable and safe to share.
 */
final class CronTimes {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  /** Spring 5.3's definition: seconds first, and the macros. */
  private static final CronParser SPRING = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
  private static final String RULE = "must be a cron expression of 5 fields (minute hour day-of-month month day-of-week),"
      + " 6 fields with seconds first, or a macro (@yearly, @monthly, @weekly, @daily, @hourly)";

  /** Any instant: the expressions have no year, so one that fires after it fires at all. */
  private static final ZonedDateTime SOME_TIME = ZonedDateTime.parse("2000-01-01T00:00:00Z");

  private final String text;
  private final ExecutionTime times;

  private CronTimes(String text, ExecutionTime times) {
    this.text = text;
    this.times = times;
  }

  /**
   * The expression {@code text} (surrounding spaces dropped).
   *
   * @throws InvalidArgumentException naming {@code field}, with the expression and the parser's
   *     reason, when it is not a cron expression or never fires
   */
  static CronTimes parse(String field, String text) {
    Require.notNull(field, text);
    String expression = text.strip();
    ExecutionTime times;
    try {
      times = ExecutionTime.forCron(parser(expression).parse(expression));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(field, RULE + "; was \"" + shown(text) + "\": " + e.getMessage());
    }
    if (times.nextExecution(SOME_TIME).isEmpty()) {
      throw new InvalidArgumentException(field, "must be a cron expression that fires; \"" + shown(text)
          + "\" never does");
    }
    return new CronTimes(expression, times);
  }

  /** Five fields are Unix cron, anything else (six fields, a macro) Spring's. */
  private static CronParser parser(String expression) {
    return expression.isEmpty() || expression.split("\\s+").length == 5 ? UNIX : SPRING;
  }

  /**
   * The first fire time strictly after {@code instant} in {@code zone}, as the library counts it, in
   * whole seconds; empty when there is none. (The library keeps the fraction of a second it is
   * given, so the instant is cut to its second first: the next fire after 12:00:00.2 is 12:00:01.)
   */
  Optional<Instant> after(Instant instant, ZoneId zone) {
    return times.nextExecution(instant.truncatedTo(ChronoUnit.SECONDS).atZone(zone))
        .map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS));
  }

  /** The expression as given, without surrounding spaces. */
  String text() {
    return text;
  }

  private static String shown(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  @Override
  public String toString() {
    return text;
  }
}
