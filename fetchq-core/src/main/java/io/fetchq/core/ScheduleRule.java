package io.fetchq.core;

import io.fetchq.InvalidArgumentException;
import io.fetchq.Limits;
import io.fetchq.internal.Require;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * When a schedule fires: a cron expression read in a time zone, and what happens to fire times
 * missed while every client was down. Two rules are equal when their expressions (as written,
 * without surrounding spaces), zones and missed-fire policies are; a schedule whose rule changed is
 * planned again at start.
 */
final class ScheduleRule {
  /** How many fire times {@link #nextFire} steps through from the previous one before it counts from now instead. */
  private static final int MAX_STEPS = 1_000;

  private final CronTimes cron;
  private final ZoneId zone;
  private final ScheduleOptions.Missed missed;

  private ScheduleRule(CronTimes cron, ZoneId zone, ScheduleOptions.Missed missed) {
    this.cron = cron;
    this.zone = zone;
    this.missed = missed;
  }

  /**
   * A rule, checked.
   *
   * @throws InvalidArgumentException naming {@code cron} with the expression and the parser's
   *     reason, or {@code zone} or {@code missed} when null
   */
  static ScheduleRule of(String cron, ZoneId zone, ScheduleOptions.Missed missed) {
    CronTimes times = CronTimes.parse("cron", cron);
    return new ScheduleRule(times, Require.notNull("zone", zone), Require.notNull("missed", missed));
  }

  /** The rule a schedule's task carries in its payload, or null when the marker holds no valid rule. */
  static ScheduleRule of(ScheduleMarker marker) {
    try {
      return of(marker.cron(), ZoneId.of(marker.zone()),
          ScheduleOptions.Missed.valueOf(marker.missed().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException | DateTimeException e) {
      return null;
    }
  }

  /**
   * The fire time to plan after a run, or at start: the first one strictly after {@code now}. When
   * {@code previous} (the fire time the task was planned for) is known, it is found by stepping
   * from it through the fire times, as the cron library counts them one after the other; so in a
   * daylight-saving overlap a daily 02:30 fires once (its first occurrence), while an hourly
   * schedule fires in each real hour. Fire times that passed during a long run are skipped: runs of
   * one schedule never overlap. {@link Limits#MAX_INSTANT} when the expression fires no more.
   */
  Instant nextFire(Instant previous, Instant now) {
    if (previous != null && !previous.isAfter(now)) {
      Instant fire = previous;
      for (int step = 0; step < MAX_STEPS; step++) {
        Instant next = cron.after(fire, zone).orElse(null);
        if (next == null) {
          return Limits.MAX_INSTANT;
        }
        if (next.isAfter(now)) {
          return next;
        }
        fire = next;
      }
    }
    return cron.after(now, zone).filter(t -> !t.isAfter(Limits.MAX_INSTANT)).orElse(Limits.MAX_INSTANT);
  }

  /** The payload of the schedule's task when it is planned for {@code fire}. */
  String payload(Instant fire) {
    return marker(fire).json();
  }

  ScheduleMarker marker(Instant fire) {
    return new ScheduleMarker(cron.text(), zone.getId(), missed.name(), fire == null ? null : fire.toString());
  }

  /** The fire time a marker says its task is planned for, or null when it says none. */
  static Instant fire(ScheduleMarker marker) {
    if (marker.fire() == null) {
      return null;
    }
    try {
      return Instant.parse(marker.fire());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  String cron() {
    return cron.text();
  }

  ZoneId zone() {
    return zone;
  }

  ScheduleOptions.Missed missed() {
    return missed;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScheduleRule that && cron.text().equals(that.cron.text()) && zone.equals(that.zone)
        && missed == that.missed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(cron.text(), zone, missed);
  }

  @Override
  public String toString() {
    return "\"" + cron.text() + "\" in " + zone.getId() + ", missed " + missed;
  }
}
