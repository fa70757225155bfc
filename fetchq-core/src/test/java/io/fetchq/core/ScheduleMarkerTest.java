package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.internal.Require;
import org.junit.jupiter.api.Test;

/** The payload of a schedule's task: written as valid JSON, read back, and told apart from other payloads. */
class ScheduleMarkerTest {

  @Test
  void roundTripsEveryFieldAsValidJson() {
    ScheduleMarker marker = new ScheduleMarker("0 3 * * *", "Europe/Rome", "ONCE", "2026-01-11T02:00:00Z");
    String json = marker.json();
    assertThat(Require.json("payload", json, false)).isEqualTo(json);
    assertThat(ScheduleMarker.marks(json)).isTrue();
    assertThat(ScheduleMarker.read(json)).isEqualTo(marker);
  }

  @Test
  void roundTripsTextThatNeedsEscapes() {
    ScheduleMarker marker = new ScheduleMarker("\"\\\n\t\u0001é", "UTC", "SKIP", null);
    String json = marker.json();
    Require.json("payload", json, false);
    assertThat(ScheduleMarker.read(json)).isEqualTo(marker);
  }

  @Test
  void readsTheMarkerWithWhitespaceBetweenTokens() {
    String spaced = "{\"fetchq_schedule\": { \"cron\" : \"* * * * *\",\n \"zone\":\"UTC\", \"missed\":\"ONCE\" } }  ";
    assertThat(ScheduleMarker.read(spaced)).isEqualTo(new ScheduleMarker("* * * * *", "UTC", "ONCE", null));
  }

  @Test
  void otherPayloadsAreNoSchedules() {
    assertThat(ScheduleMarker.marks(null)).isFalse();
    assertThat(ScheduleMarker.read(null)).isNull();
    assertThat(ScheduleMarker.read("{\"url\":\"/iron-man\"}")).isNull();
    assertThat(ScheduleMarker.read("[1,2]")).isNull();
    // the marker's key but a rule missing or malformed
    assertThat(ScheduleMarker.read("{\"fetchq_schedule\":{\"cron\":\"* * * * *\"}}")).isNull();
    assertThat(ScheduleMarker.read("{\"fetchq_schedule\":{\"cron\":1}}")).isNull();
    assertThat(ScheduleMarker.read("{\"fetchq_schedule\":{\"cron\":\"* * * * *\",\"zone\":\"UTC\",\"missed\":\"ONCE\"},"
        + "\"more\":1}")).isNull();
  }
}
