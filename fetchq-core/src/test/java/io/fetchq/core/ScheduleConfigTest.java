package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.core.ConfigSchedules.ConfiguredSchedule;
import io.fetchq.core.ScheduleOptions.Missed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules declared by configuration, {@code fetchq.schedules.<name>.<option>}: read, defaulted,
 * and refused with the key, the rule, the value and the source, like every other key.
 */
class ScheduleConfigTest {

  @Test
  void readsSchedulesWithTheirOptionsAndDefaults() {
    FetchqConfig config = FetchqConfig.of(Map.of(
        "fetchq.schedules.nightly-report.cron", "0 3 * * *",
        "fetchq.schedules.nightly-report.queue", "reports",
        "fetchq.schedules.nightly-report.zone", "Europe/Rome",
        "fetchq.schedules.nightly-report.missed", "skip",
        "fetchq.schedules.ping.cron", "*/10 * * * * *",
        "fetchq.schedules.ping.queue", "pings"));
    assertThat(config.schedules()).containsExactly(
        new ConfiguredSchedule("nightly-report", "0 3 * * *", ZoneId.of("Europe/Rome"), "reports", Missed.SKIP,
            ConfigSource.program()),
        new ConfiguredSchedule("ping", "*/10 * * * * *", ZoneId.of("UTC"), "pings", Missed.ONCE, ConfigSource.program()));
    assertThat(config.describe()).contains("fetchq.schedules.nightly-report.cron").contains("= skip");
  }

  @Test
  void theDefaultZoneIsConfigurable() {
    FetchqConfig config = FetchqConfig.of(Map.of(
        "fetchq.schedules.zone", "America/New_York",
        "fetchq.schedules.ping.cron", "@hourly",
        "fetchq.schedules.ping.queue", "pings"));
    assertThat(config.schedulesZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(config.schedules().get(0).zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(FetchqConfig.defaults().schedulesZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(FetchqConfig.defaults().schedulesDropUndeclared()).isFalse();
    assertThat(FetchqConfig.of(Map.of("fetchq.schedules.drop-undeclared", "true")).schedulesDropUndeclared()).isTrue();
  }

  @Test
  void aLaterValueReplacesAnEarlierOneAndConfigsWithTheSameSchedulesAreEqual() {
    FetchqConfig first = FetchqConfig.of(Map.of("fetchq.schedules.ping.cron", "@hourly",
        "fetchq.schedules.ping.queue", "pings"));
    FetchqConfig changed = first.with("fetchq.schedules.ping.cron", "@daily");
    assertThat(changed.schedules().get(0).cron()).isEqualTo("@daily");
    assertThat(changed).isNotEqualTo(first);
    assertThat(changed.with("fetchq.schedules.ping.cron", "@hourly")).isEqualTo(first);
  }

  @Test
  void everyProblemNamesTheKeyTheRuleTheValueAndTheSource(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("fetchq.properties");
    Files.writeString(file, """
        fetchq.schedules.bad-cron.cron=0 3 * *
        fetchq.schedules.bad-cron.queue=reports
        fetchq.schedules.bad-zone.cron=@daily
        fetchq.schedules.bad-zone.queue=reports
        fetchq.schedules.bad-zone.zone=Mars/Base
        fetchq.schedules.bad-queue.cron=@daily
        fetchq.schedules.bad-queue.queue=Reports
        fetchq.schedules.bad-missed.cron=@daily
        fetchq.schedules.bad-missed.queue=reports
        fetchq.schedules.bad-missed.missed=twice
        fetchq.schedules.no-queue.cron=@daily
        fetchq.schedules.typo.crn=@daily
        """);
    assertThatThrownBy(() -> FetchqConfig.load(Map.of("fetchq.config", file.toString()), Map.of(),
        getClass().getClassLoader()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
            p -> assertThat(p).startsWith("fetchq.schedules.bad-cron.cron: must be a cron expression")
                .contains("\"0 3 * *\"").contains("4 parts").contains(file.toString()),
            p -> assertThat(p).startsWith("fetchq.schedules.bad-zone.zone: must be a time zone id")
                .contains("Mars/Base").contains(file.toString()),
            p -> assertThat(p).startsWith("fetchq.schedules.bad-queue.queue: must match").contains("Reports"),
            p -> assertThat(p).startsWith("fetchq.schedules.bad-missed.missed: must be once or skip; was \"twice\""),
            p -> assertThat(p).startsWith("fetchq.schedules.typo.crn: not a schedule option").contains("cron, zone"),
            p -> assertThat(p).startsWith("fetchq.schedules.no-queue.queue: must be set for the schedule no-queue")
                .contains(file.toString())));
  }
}
