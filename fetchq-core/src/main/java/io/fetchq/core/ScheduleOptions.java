package io.fetchq.core;

import io.fetchq.internal.Require;

/**
 * How one cron schedule behaves beyond its expression and zone. Immutable; each method returns a
 * copy, so a builder lambda reads {@code s -> s.missed(ScheduleOptions.Missed.SKIP)}.
 *
 * @param missed what a client does at start with a fire time that passed while no client ran it
 */
public record ScheduleOptions(Missed missed) {

  /**
   * What becomes of the fire times that passed while every client was down: found at start, when
   * the schedule's task is due for longer than a minute.
   */
  public enum Missed {
    /** The schedule runs once at start, however many fire times passed, then at its next fire time. */
    ONCE,
    /** The passed fire times are skipped: the schedule waits for its next fire time. */
    SKIP
  }

  public ScheduleOptions {
    Require.notNull("missed", missed);
  }

  /** Missed fire times run once at start. */
  public static ScheduleOptions defaults() {
    return new ScheduleOptions(Missed.ONCE);
  }

  public ScheduleOptions missed(Missed missed) {
    return new ScheduleOptions(missed);
  }
}
