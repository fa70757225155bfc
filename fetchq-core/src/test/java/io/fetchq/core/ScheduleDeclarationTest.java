package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.InvalidArgumentException;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Schedules are checked when declared, before anything touches the database: every refusal is an
 * {@link InvalidArgumentException} naming the field, and a bad expression's message says the
 * expression and the parser's reason. (No database is configured here: reaching it would fail
 * otherwise.)
 */
class ScheduleDeclarationTest {
  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final Handler DONE = (task, context) -> Action.complete();

  @Test
  void aBadExpressionIsRefusedWithTheExpressionAndTheRule() {
    assertThatThrownBy(() -> Fetchq.builder().schedule("nightly-report", "0 3 * * * * *", ROME, DONE))
        .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
          assertThat(e.field()).isEqualTo("cron");
          assertThat(e.rule()).contains("\"0 3 * * * * *\"").contains("7 parts");
        });
    assertThatThrownBy(() -> Fetchq.builder().schedule("nightly-report", "0 3 * * MOON", ROME, "reports"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("cron: ").hasMessageContaining("MOON");
  }

  @Test
  void aBadNameZoneQueueOrHandlerIsRefused() {
    assertThatThrownBy(() -> Fetchq.builder().schedule("", "@daily", ROME, DONE))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("name: must not be empty");
    assertThatThrownBy(() -> Fetchq.builder().schedule("x".repeat(2049), "@daily", ROME, DONE))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("name: must be at most 2048 bytes");
    assertThatThrownBy(() -> Fetchq.builder().schedule("nightly-report", "@daily", null, DONE))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("zone: must not be null");
    assertThatThrownBy(() -> Fetchq.builder().schedule("nightly-report", "@daily", ROME, (Handler) null))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("handler: must not be null");
    assertThatThrownBy(() -> Fetchq.builder().schedule("nightly-report", "@daily", ROME, "Reports"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("queue: must match");
    assertThatThrownBy(() -> Fetchq.builder().schedule("nightly-report", "@daily", ROME, Fetchq.SCHEDULES_QUEUE))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("queue: ");
    assertThatThrownBy(() -> Fetchq.builder().schedule("nightly-report", "@daily", ROME, DONE, o -> null))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("options: must not be null");
  }

  @Test
  void aNameIsDeclaredOnce() {
    Fetchq.Builder builder = Fetchq.builder().schedule("nightly-report", "@daily", ROME, DONE);
    assertThatThrownBy(() -> builder.schedule("nightly-report", "@hourly", ROME, "reports"))
        .isInstanceOf(InvalidArgumentException.class).hasMessage("name: has a schedule already: nightly-report");
  }

  @Test
  void theQueueOfSchedulesTakesNoOtherWorker() {
    assertThatThrownBy(() -> Fetchq.builder().worker(Fetchq.SCHEDULES_QUEUE, DONE))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("queue: fetchq_schedules is Fetchq's");
  }

  @Test
  void aNameDeclaredInCodeAndInTheConfigurationIsRefusedAtBuildBeforeTheDatabase() {
    FetchqConfig config = FetchqConfig.of(Map.of(
        "fetchq.schedules.nightly-report.cron", "@daily", "fetchq.schedules.nightly-report.queue", "reports"));
    assertThatThrownBy(() -> Fetchq.builder().config(config).schedule("nightly-report", "@daily", ROME, DONE).build())
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("declared both in code and in the configuration (set in code)");
  }
}
