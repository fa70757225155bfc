package io.fetchq.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The test clock stands still, moves only forward, reads in microseconds, and its zoned views share its time. */
class TestClockTest {

  @Test
  void itStandsStillUntilMovedAndOnlyForward() {
    TestClock clock = TestClock.at(Instant.parse("2030-01-01T00:00:00.123456789Z"));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z")).isEqualTo(clock.instant());
    assertThat(clock.advance(Duration.ofDays(1))).isEqualTo(Instant.parse("2030-01-02T00:00:00.123456Z"));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("duration");
    assertThatThrownBy(() -> clock.set(Instant.parse("2030-01-01T00:00:00Z")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("instant");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-02T00:00:00.123456Z"));
  }

  @Test
  void aZonedViewSharesTheTime() {
    TestClock clock = TestClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    TestClock rome = clock.withZone(ZoneId.of("Europe/Rome"));

    clock.advance(Duration.ofHours(2));

    assertThat(rome.instant()).isEqualTo(clock.instant());
    assertThat(rome.getZone()).isEqualTo(ZoneId.of("Europe/Rome"));
  }
}
