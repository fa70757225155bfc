package io.fetchq;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.Action.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActionTest {
  private static final Instant AT = Instant.parse("2030-06-01T12:00:00Z");

  @Test
  void factoriesSetOnlyWhatTheirKindCarries() {
    assertThat(Action.complete()).isEqualTo(new Action(Kind.COMPLETE, null, null, null, null, null));
    assertThat(Action.reschedule(Duration.ofDays(2)))
        .isEqualTo(new Action(Kind.RESCHEDULE, null, null, Duration.ofDays(2), null, null));
    assertThat(Action.reschedule(AT)).isEqualTo(new Action(Kind.RESCHEDULE, null, AT, null, null, null));
    assertThat(Action.reject("gone")).isEqualTo(new Action(Kind.REJECT, null, null, null, "gone", null));
    assertThat(Action.reject("gone", "{\"status\":404}"))
        .isEqualTo(new Action(Kind.REJECT, null, null, null, "gone", "{\"status\":404}"));
    assertThat(Action.kill()).isEqualTo(new Action(Kind.KILL, null, null, null, null, null));
    assertThat(Action.kill("bad")).isEqualTo(new Action(Kind.KILL, null, null, null, "bad", null));
    assertThat(Action.drop()).isEqualTo(new Action(Kind.DROP, null, null, null, null, null));
  }

  @Test
  void withPayloadKeepsTheRest() {
    Action action = Action.reschedule(AT).withPayload("[1]");

    assertThat(action).isEqualTo(new Action(Kind.RESCHEDULE, "[1]", AT, null, null, null));
    assertThat(Action.complete().withPayload("{}").payload()).isEqualTo("{}");
    assertThat(Action.reject("x").withPayload("1").payload()).isEqualTo("1");
  }

  @Test
  void refusesAMissingKind() {
    assertRefused("kind", "must not be null", () -> new Action(null, null, null, null, null, null));
  }

  @Test
  void refusesARescheduleWithoutOrWithBothDueTimes() {
    assertRefused("at", "exactly one of at and delay", () -> new Action(Kind.RESCHEDULE, null, null, null, null, null));
    assertRefused(
        "at", "exactly one of at and delay", () -> new Action(Kind.RESCHEDULE, null, AT, Duration.ZERO, null, null));
    assertRefused("delay", "must not be null", () -> Action.reschedule((Duration) null));
    assertRefused("at", "must not be null", () -> Action.reschedule((Instant) null));
  }

  @Test
  void refusesADueTimeOnAnythingButAReschedule() {
    assertRefused("at", "only a reschedule", () -> new Action(Kind.COMPLETE, null, AT, null, null, null));
    assertRefused("at", "only a reschedule", () -> new Action(Kind.REJECT, null, null, Duration.ZERO, "x", null));
  }

  @Test
  void refusesADueTimeOutOfRange() {
    assertRefused("delay", "must be between", () -> Action.reschedule(Duration.ofSeconds(-1)));
    assertRefused("delay", "must be between", () -> Action.reschedule(Duration.ofDays(36_501)));
    assertRefused("at", "must be between", () -> Action.reschedule(Instant.EPOCH.minusSeconds(1)));
  }

  @Test
  void refusesARejectWithoutAReason() {
    assertRefused("message", "must not be null", () -> Action.reject(null));
    assertRefused("message", "a reject must say why", () -> new Action(Kind.REJECT, null, null, null, null, null));
  }

  @Test
  void refusesABadMessage() {
    assertRefused("message", "at most 8192 characters", () -> Action.reject("m".repeat(8193)));
    assertRefused("message", "NUL", () -> Action.kill("a\0"));
    assertThat(Action.reject("m".repeat(8192)).message()).hasSize(8192);
  }

  @Test
  void refusesPayloadOrDetailsThatAreNotJson() {
    assertRefused("payload", "must be valid JSON", () -> Action.complete().withPayload("nope"));
    assertRefused("payload", "must not be null", () -> Action.complete().withPayload(null));
    assertRefused("details", "must be valid JSON", () -> Action.reject("x", "{'a':1}"));
  }

  @Test
  void refusesAPayloadOnADrop() {
    assertRefused("payload", "a dropped task keeps no payload", () -> Action.drop().withPayload("{}"));
  }

  @Test
  void aNewPayloadIsJsonTextOrAnObjectNeverBoth() {
    Object progress = java.util.List.of(1, 2);
    Action typed = Action.reschedule(java.time.Duration.ofMinutes(1)).withPayload(progress);

    assertThat(typed.value()).isSameAs(progress);
    assertThat(typed.payload()).isNull();
    assertThat(typed.withPayload("{}").value()).isNull();
    assertRefused("payload", "must not be null", () -> Action.complete().withPayload((Object) null));
    assertRefused("payload", "a dropped task keeps no payload",
        () -> new Action(Action.Kind.DROP, null, null, null, null, null, progress));
    assertRefused("payload", "must not be set together with value",
        () -> new Action(Action.Kind.COMPLETE, "{}", null, null, null, null, progress));
  }
}
