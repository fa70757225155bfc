package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.InvalidArgumentException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The defaults, the rules and the backoff schedule of {@link ResilienceSettings}. */
class ResilientStorageSettingsTest {

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    ResilienceSettings d = ResilienceSettings.defaults();
    assertThat(d.retryBase()).isEqualTo(Duration.ofMillis(100));
    assertThat(d.retryMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.maxAttempts()).isEqualTo(5);
    assertThat(d.jitter()).isEqualTo(0.2);
    assertThat(d.windowSize()).isEqualTo(10);
    assertThat(d.minimumCalls()).isEqualTo(5);
    assertThat(d.failureRatePercent()).isEqualTo(50);
    assertThat(d.openWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void eachWitherChangesOneValue() {
    ResilienceSettings d = ResilienceSettings.defaults();
    assertThat(d.retryBase(Duration.ofMillis(5)).retryBase()).isEqualTo(Duration.ofMillis(5));
    assertThat(d.retryMax(Duration.ofSeconds(9)).retryMax()).isEqualTo(Duration.ofSeconds(9));
    assertThat(d.maxAttempts(1).maxAttempts()).isEqualTo(1);
    assertThat(d.jitter(0).jitter()).isZero();
    assertThat(d.windowSize(20).windowSize()).isEqualTo(20);
    assertThat(d.minimumCalls(2).minimumCalls()).isEqualTo(2);
    assertThat(d.failureRatePercent(100).failureRatePercent()).isEqualTo(100);
    assertThat(d.openWait(Duration.ofMillis(1)).openWait()).isEqualTo(Duration.ofMillis(1));
    assertThat(d.jitter(0.5)).isEqualTo(d.jitter(0.5)).isNotEqualTo(d);
    ResilienceSettings pair = d.retryBetween(Duration.ofMillis(5), Duration.ofMillis(50)).window(3, 2);
    assertThat(pair.retryBase()).isEqualTo(Duration.ofMillis(5));
    assertThat(pair.retryMax()).isEqualTo(Duration.ofMillis(50));
    assertThat(pair.windowSize()).isEqualTo(3);
    assertThat(pair.minimumCalls()).isEqualTo(2);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("retryBase", s -> s.retryBase(null)),
        bad("retryBase", s -> s.retryBase(Duration.ZERO)),
        bad("retryBase", s -> s.retryBase(Duration.ofMillis(-5))),
        bad("retryMax", s -> s.retryMax(Duration.ofMillis(99))),
        bad("retryMax", s -> s.retryMax(Duration.ofHours(2))),
        bad("retryMax", s -> s.retryBetween(Duration.ofSeconds(3), Duration.ofSeconds(2))),
        bad("minimumCalls", s -> s.window(3, 4)),
        bad("maxAttempts", s -> s.maxAttempts(0)),
        bad("maxAttempts", s -> s.maxAttempts(101)),
        bad("jitter", s -> s.jitter(-0.1)),
        bad("jitter", s -> s.jitter(1.5)),
        bad("jitter", s -> s.jitter(Double.NaN)),
        bad("windowSize", s -> s.windowSize(0)),
        bad("minimumCalls", s -> s.windowSize(4)),
        bad("minimumCalls", s -> s.minimumCalls(0)),
        bad("minimumCalls", s -> s.minimumCalls(11)),
        bad("failureRatePercent", s -> s.failureRatePercent(0)),
        bad("failureRatePercent", s -> s.failureRatePercent(101)),
        bad("openWait", s -> s.openWait(Duration.ZERO)),
        bad("openWait", s -> s.openWait(Duration.ofDays(1))));
  }

  private static Arguments bad(String field, UnaryOperator<ResilienceSettings> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void badValuesAreRefusedNamingTheField(String field, UnaryOperator<ResilienceSettings> change) {
    assertThatThrownBy(() -> change.apply(ResilienceSettings.defaults()))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void theBackoffDoublesUpToItsMaximum() {
    ResilienceSettings s = ResilienceSettings.defaults().jitter(0);
    assertThat(s.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(s.backoff(2, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(s.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(400));
    assertThat(s.backoff(4, 0.5)).isEqualTo(Duration.ofMillis(800));
    assertThat(s.backoff(5, 0.5)).isEqualTo(Duration.ofMillis(1600));
    assertThat(s.backoff(6, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.backoff(1_000_000, 0.5)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void jitterOnlyShortensTheWaitAndNeverBelowOneMillisecond() {
    ResilienceSettings s = ResilienceSettings.defaults().jitter(0.2);
    assertThat(s.backoff(2, 0.0)).isEqualTo(Duration.ofMillis(200));
    assertThat(s.backoff(2, 0.5)).isEqualTo(Duration.ofMillis(180));
    assertThat(s.backoff(2, 0.999_999)).isBetween(Duration.ofMillis(160), Duration.ofMillis(161));
    assertThat(s.backoff(9, 0.999_999)).isBetween(Duration.ofMillis(1600), Duration.ofSeconds(2));
    ResilienceSettings full = ResilienceSettings.defaults().retryBase(Duration.ofMillis(1)).jitter(1);
    assertThat(full.backoff(1, 0.999_999)).isEqualTo(Duration.ofMillis(1));
  }
}
