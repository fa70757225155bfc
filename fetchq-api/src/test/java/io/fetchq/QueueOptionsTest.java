package io.fetchq;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(QueueOptions.defaults())
        .isEqualTo(new QueueOptions(5, Duration.ofMinutes(5), Duration.ofDays(7), 0, true, Duration.ofDays(36_500), 0));
  }

  @Test
  void copiesChangeOneValue() {
    QueueOptions options =
        QueueOptions.defaults()
            .maxAttempts(3)
            .lock(Duration.ofMinutes(1))
            .errorRetention(Duration.ZERO)
            .currentVersion(2)
            .notifications(false)
            .finishedRetention(Duration.ofHours(1));

    assertThat(options).isEqualTo(new QueueOptions(3, Duration.ofMinutes(1), Duration.ZERO, 2, false, Duration.ofHours(1), 0));
  }

  @Test
  void acceptsTheBoundaries() {
    QueueOptions options = QueueOptions.defaults();

    assertThat(options.maxAttempts(1).maxAttempts()).isEqualTo(1);
    assertThat(options.maxAttempts(1_000_000).maxAttempts()).isEqualTo(1_000_000);
    assertThat(options.lock(Duration.ofMillis(1)).lock()).isEqualTo(Duration.ofMillis(1));
    assertThat(options.lock(Duration.ofDays(7)).lock()).isEqualTo(Duration.ofDays(7));
    assertThat(options.errorRetention(Duration.ofDays(36_500)).errorRetention()).isEqualTo(Duration.ofDays(36_500));
    assertThat(options.currentVersion(32767).currentVersion()).isEqualTo(32767);
    assertThat(options.finishedRetention(Duration.ZERO).finishedRetention()).isEqualTo(Duration.ZERO);
    assertThat(options.finishedRetention(Duration.ofDays(36_500)).finishedRetention()).isEqualTo(Duration.ofDays(36_500));
  }

  @Test
  void refusesMaxAttemptsOutOfRange() {
    assertRefused("maxAttempts", "between 1 and 1000000; was 0", () -> QueueOptions.defaults().maxAttempts(0));
    assertRefused("maxAttempts", "was 1000001", () -> QueueOptions.defaults().maxAttempts(1_000_001));
  }

  @Test
  void refusesALockOutOfRange() {
    assertRefused("lock", "must be between", () -> QueueOptions.defaults().lock(Duration.ZERO));
    assertRefused("lock", "must be between", () -> QueueOptions.defaults().lock(Duration.ofDays(7).plusMillis(1)));
    assertRefused("lock", "must not be null", () -> QueueOptions.defaults().lock(null));
  }

  @Test
  void refusesAnErrorRetentionOutOfRange() {
    assertRefused("errorRetention", "must be between", () -> QueueOptions.defaults().errorRetention(Duration.ofSeconds(-1)));
    assertRefused("errorRetention", "must be between", () -> QueueOptions.defaults().errorRetention(Duration.ofDays(36_501)));
    assertRefused("errorRetention", "must not be null", () -> QueueOptions.defaults().errorRetention(null));
    assertRefused("finishedRetention", "must be between", () -> QueueOptions.defaults().finishedRetention(Duration.ofMillis(-1)));
    assertRefused("finishedRetention", "must be between", () -> QueueOptions.defaults().finishedRetention(Duration.ofDays(36_501)));
    assertRefused("finishedRetention", "must not be null", () -> QueueOptions.defaults().finishedRetention(null));
  }

  @Test
  void refusesAMaxActiveOutOfRange() {
    assertThat(QueueOptions.defaults().maxActive(0).maxActive()).isZero();
    assertThat(QueueOptions.defaults().maxActive(1_000_000).maxActive()).isEqualTo(1_000_000);
    assertRefused("maxActive", "between 0 and 1000000; was -1", () -> QueueOptions.defaults().maxActive(-1));
    assertRefused("maxActive", "was 1000001", () -> QueueOptions.defaults().maxActive(1_000_001));
  }

  @Test
  void refusesACurrentVersionOutOfRange() {
    assertRefused("currentVersion", "between 0 and 32767", () -> QueueOptions.defaults().currentVersion(-1));
    assertRefused("currentVersion", "was 32768", () -> QueueOptions.defaults().currentVersion(32768));
  }
}
