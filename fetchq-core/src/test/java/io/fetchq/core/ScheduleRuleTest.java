package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.InvalidArgumentException;
import io.fetchq.core.ScheduleOptions.Missed;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fire times of a schedule's rule, with no database and no clock: Unix, Spring and macro
 * expressions, the next fire time after a run, and the daylight-saving rule as the cron library
 * counts it (a gap skips the local time that day; an overlap fires a daily time once).
 */
class ScheduleRuleTest {
  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static Instant rome(int year, int month, int day, int hour, int minute, int offsetHours) {
    return ZonedDateTime.ofLocal(LocalDateTime.of(year, month, day, hour, minute), ROME, ZoneOffset.ofHours(offsetHours))
        .toInstant();
  }

  /** The fire times one after another, each counted from the one before, as runs plan them. */
  private static List<Instant> fires(ScheduleRule rule, Instant from, int count) {
    List<Instant> fires = new ArrayList<>();
    Instant previous = rule.nextFire(null, from);
    fires.add(previous);
    while (fires.size() < count) {
      // the run of `previous` ends a little after it
      previous = rule.nextFire(previous, previous.plusSeconds(5));
      fires.add(previous);
    }
    return fires;
  }

  @Test
  void unixFiveFieldsFireToTheMinuteInTheirZone() {
    ScheduleRule rule = ScheduleRule.of("0 3 * * *", ROME, Missed.ONCE);
    assertThat(rule.nextFire(null, Instant.parse("2026-01-10T12:00:00Z"))).isEqualTo(rome(2026, 1, 11, 3, 0, 1));
    assertThat(rule.nextFire(null, Instant.parse("2026-07-10T00:59:59Z"))).isEqualTo(rome(2026, 7, 10, 3, 0, 2));
  }

  @Test
  void sixFieldsHaveSecondsFirst() {
    ScheduleRule rule = ScheduleRule.of("*/1 * * * * *", UTC, Missed.ONCE);
    assertThat(rule.nextFire(null, Instant.parse("2026-01-10T12:00:00.200Z"))).isEqualTo("2026-01-10T12:00:01Z");
    ScheduleRule at = ScheduleRule.of("30 15 10 * * MON-FRI", UTC, Missed.ONCE);
    assertThat(at.nextFire(null, Instant.parse("2026-01-10T12:00:00Z"))) // a Saturday
        .isEqualTo("2026-01-12T10:15:30Z");
  }

  @Test
  void macrosAreAccepted() {
    Instant now = Instant.parse("2026-01-10T12:34:56Z");
    assertThat(ScheduleRule.of("@hourly", UTC, Missed.ONCE).nextFire(null, now)).isEqualTo("2026-01-10T13:00:00Z");
    assertThat(ScheduleRule.of("@daily", UTC, Missed.ONCE).nextFire(null, now)).isEqualTo("2026-01-11T00:00:00Z");
    assertThat(ScheduleRule.of("@monthly", UTC, Missed.ONCE).nextFire(null, now)).isEqualTo("2026-02-01T00:00:00Z");
  }

  @Test
  void aFireTimeIsStrictlyAfterNow() {
    ScheduleRule rule = ScheduleRule.of("0 3 * * *", UTC, Missed.ONCE);
    assertThat(rule.nextFire(null, Instant.parse("2026-01-10T03:00:00Z"))).isEqualTo("2026-01-11T03:00:00Z");
  }

  @Test
  void fireTimesThatPassedDuringALongRunAreSkipped() {
    ScheduleRule rule = ScheduleRule.of("*/10 * * * *", UTC, Missed.ONCE);
    Instant fire = Instant.parse("2026-01-10T12:00:00Z");
    assertThat(rule.nextFire(fire, Instant.parse("2026-01-10T12:00:03Z"))).isEqualTo("2026-01-10T12:10:00Z");
    assertThat(rule.nextFire(fire, Instant.parse("2026-01-10T12:25:00Z"))).isEqualTo("2026-01-10T12:30:00Z");
    // a fire time missed long ago (every second, a year before): counted from now after a bounded walk
    ScheduleRule everySecond = ScheduleRule.of("* * * * * *", UTC, Missed.ONCE);
    assertThat(everySecond.nextFire(Instant.parse("2025-01-10T12:00:00Z"), Instant.parse("2026-01-10T12:00:00.5Z")))
        .isEqualTo("2026-01-10T12:00:01Z");
  }

  /** Spring forward, Europe/Rome, Sunday 29 March 2026: 02:00 becomes 03:00, so 02:30 does not exist. */
  @Test
  void inTheSpringGapADailyTimeThatDoesNotExistIsSkippedThatDay() {
    ScheduleRule rule = ScheduleRule.of("30 2 * * *", ROME, Missed.ONCE);
    assertThat(fires(rule, rome(2026, 3, 27, 12, 0, 1), 3)).containsExactly(
        rome(2026, 3, 28, 2, 30, 1),
        rome(2026, 3, 30, 2, 30, 2), // no run on the 29th
        rome(2026, 3, 31, 2, 30, 2));
    // counted from a time on the day itself, too
    assertThat(rule.nextFire(null, rome(2026, 3, 29, 1, 0, 1))).isEqualTo(rome(2026, 3, 30, 2, 30, 2));
  }

  @Test
  void inTheSpringGapAnHourlyScheduleSkipsTheMissingHour() {
    ScheduleRule rule = ScheduleRule.of("30 * * * *", ROME, Missed.ONCE);
    assertThat(fires(rule, rome(2026, 3, 29, 1, 0, 1), 3)).containsExactly(
        rome(2026, 3, 29, 1, 30, 1),
        rome(2026, 3, 29, 3, 30, 2), // 00:30Z then 01:30Z: one real hour apart
        rome(2026, 3, 29, 4, 30, 2));
  }

  /** Fall back, Europe/Rome, Sunday 25 October 2026: 03:00 becomes 02:00, so 02:30 happens twice. */
  @Test
  void inTheAutumnOverlapADailyTimeFiresOnceAtItsFirstOccurrence() {
    ScheduleRule rule = ScheduleRule.of("30 2 * * *", ROME, Missed.ONCE);
    assertThat(fires(rule, rome(2026, 10, 23, 12, 0, 2), 3)).containsExactly(
        rome(2026, 10, 24, 2, 30, 2),
        rome(2026, 10, 25, 2, 30, 2), // the first 02:30 (00:30Z); not again at 01:30Z
        rome(2026, 10, 26, 2, 30, 1));
    // a run of the first 02:30 that ends during the repeated hour still plans the next day
    assertThat(rule.nextFire(rome(2026, 10, 25, 2, 30, 2), rome(2026, 10, 25, 2, 10, 1)))
        .isEqualTo(rome(2026, 10, 26, 2, 30, 1));
  }

  @Test
  void inTheAutumnOverlapAnHourlyScheduleFiresInEachRealHour() {
    ScheduleRule rule = ScheduleRule.of("30 * * * *", ROME, Missed.ONCE);
    assertThat(fires(rule, rome(2026, 10, 25, 1, 0, 2), 3)).containsExactly(
        rome(2026, 10, 25, 1, 30, 2),
        rome(2026, 10, 25, 2, 30, 2),
        rome(2026, 10, 25, 2, 30, 1));
  }

  @Test
  void aBadExpressionIsRefusedWithTheExpressionAndTheParsersReason() {
    assertThatThrownBy(() -> ScheduleRule.of("0 3 * *", UTC, Missed.ONCE))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.field()).isEqualTo("cron");
          assertThat(e.rule()).contains("\"0 3 * *\"").contains("5 fields").contains("4 parts");
        });
    assertThatThrownBy(() -> ScheduleRule.of("61 * * * *", UTC, Missed.ONCE))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("61 * * * *").hasMessageContaining("[0, 59]");
    assertThatThrownBy(() -> ScheduleRule.of("0 0 25 * * *", UTC, Missed.ONCE))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("[0, 23]");
    assertThatThrownBy(() -> ScheduleRule.of("@reboot", UTC, Missed.ONCE)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("@reboot");
    assertThatThrownBy(() -> ScheduleRule.of("", UTC, Missed.ONCE)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("cron: must be a cron expression");
    assertThatThrownBy(() -> ScheduleRule.of(null, UTC, Missed.ONCE)).isInstanceOf(InvalidArgumentException.class)
        .hasMessage("cron: must not be null");
    assertThatThrownBy(() -> ScheduleRule.of("0 3 31 2 *", UTC, Missed.ONCE))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("never");
  }

  @Test
  void rulesAreEqualByExpressionZoneAndPolicy() {
    assertThat(ScheduleRule.of(" 0 3 * * * ", ROME, Missed.ONCE)).isEqualTo(ScheduleRule.of("0 3 * * *", ROME, Missed.ONCE));
    assertThat(ScheduleRule.of("0 3 * * *", ROME, Missed.ONCE)).isNotEqualTo(ScheduleRule.of("0 4 * * *", ROME, Missed.ONCE));
    assertThat(ScheduleRule.of("0 3 * * *", ROME, Missed.ONCE)).isNotEqualTo(ScheduleRule.of("0 3 * * *", UTC, Missed.ONCE));
    assertThat(ScheduleRule.of("0 3 * * *", ROME, Missed.ONCE)).isNotEqualTo(ScheduleRule.of("0 3 * * *", ROME, Missed.SKIP));
  }

  @Test
  void thePayloadCarriesTheRuleAndTheFireTime() {
    ScheduleRule rule = ScheduleRule.of("0 3 * * *", ROME, Missed.SKIP);
    Instant fire = Instant.parse("2026-01-11T02:00:00Z");
    String payload = rule.payload(fire);
    assertThat(payload).isEqualTo("{\"fetchq_schedule\":{\"cron\":\"0 3 * * *\",\"zone\":\"Europe/Rome\","
        + "\"missed\":\"SKIP\",\"fire\":\"2026-01-11T02:00:00Z\"}}");
    ScheduleMarker marker = ScheduleMarker.read(payload);
    assertThat(ScheduleRule.of(marker)).isEqualTo(rule);
    assertThat(ScheduleRule.fire(marker)).isEqualTo(fire);
  }
}
