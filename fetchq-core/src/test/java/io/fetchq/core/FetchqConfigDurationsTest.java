package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DurationText} and the boolean rule: the text forms configuration values may take. */
class FetchqConfigDurationsTest {

  static Stream<Arguments> forms() {
    return Stream.of(
        arguments("500ms", Duration.ofMillis(500)),
        arguments("2s", Duration.ofSeconds(2)),
        arguments("5m", Duration.ofMinutes(5)),
        arguments("1h", Duration.ofHours(1)),
        arguments("7d", Duration.ofDays(7)),
        arguments("0", Duration.ZERO),
        arguments("250", Duration.ofMillis(250)),
        arguments(" 3s ", Duration.ofSeconds(3)),
        arguments("2S", Duration.ofSeconds(2)),
        arguments("10MS", Duration.ofMillis(10)),
        arguments("PT5M", Duration.ofMinutes(5)),
        arguments("pt0.5s", Duration.ofMillis(500)),
        arguments("P2D", Duration.ofDays(2)),
        arguments("P1DT12H", Duration.ofHours(36)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void acceptsTheDocumentedForms(String text, Duration expected) {
    assertThat(DurationText.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "ms", "1.5s", "-1s", "5 m", "5w", "1y", "5min", "P", "PT", "five", "1_000",
      "+5s", "5m30s"})
  void refusesEverythingElseNamingTheForms(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be " + DurationText.FORMS);
  }

  @Test
  void refusesWhatDoesNotFitADuration() {
    assertThatThrownBy(() -> DurationText.parse("9999999999999999999d")).hasMessage("is too large for a duration");
    assertThatThrownBy(() -> DurationText.parse("999999999999999999d")).hasMessage("is too large for a duration");
  }

  @Test
  void formatsInTheLargestUnitThatDividesAndParsesBack() {
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0ms");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(DurationText.format(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(DurationText.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    for (Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(61), Duration.ofDays(36_500),
        Duration.ofNanos(1500), Duration.ofHours(25)}) {
      assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
    }
  }

  @Test
  void durationKeysTakeEveryForm() {
    FetchqConfig config = FetchqConfig.of(Map.of(
        "fetchq.queue.lock", "PT2M", "fetchq.worker.idle.max", "1500", "fetchq.shutdown.grace", "1M"));

    assertThat(config.queueLock()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.workerIdleMax()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMinutes(1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"true", "TRUE", "True", " false "})
  void booleansAreTrueOrFalseInAnyCase(String text) {
    assertThat(FetchqConfig.of(Map.of("fetchq.shutdown.hook", text)).shutdownHook())
        .isEqualTo(text.strip().equalsIgnoreCase("true"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"yes", "no", "1", "0", "on", "off", "", "t"})
  void nothingElseIsABoolean(String text) {
    assertThatThrownBy(() -> FetchqConfig.of(Map.of("fetchq.maintenance.enabled", text)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("fetchq.maintenance.enabled: must be true or false; was ");
  }
}
