package io.fetchq;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NewTaskTest {

  @Test
  void ofMakesATaskDueNowWithDefaults() {
    NewTask task = NewTask.of("iron-man");

    assertThat(task).isEqualTo(new NewTask("iron-man", null, null, 0, null, null));
  }

  @Test
  void copiesKeepEveryOtherValue() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");
    NewTask task = NewTask.of("a").payload("{\"x\":1}").version(3).priority(-7).at(at).subject("b");

    assertThat(task).isEqualTo(new NewTask("b", "{\"x\":1}", 3, -7, at, null));
    assertThat(task.in(Duration.ofSeconds(5)))
        .isEqualTo(new NewTask("b", "{\"x\":1}", 3, -7, null, Duration.ofSeconds(5)));
    assertThat(task.in(Duration.ofSeconds(5)).at(at).dueAt()).isEqualTo(at);
    assertThat(task.payload(null).payload()).isNull();
  }

  @Test
  void aPayloadIsJsonTextOrAnObjectNeverBoth() {
    Object order = java.util.Map.of("id", "o-1");
    NewTask typed = NewTask.of("o-1").payload(order).priority(2);

    assertThat(typed.value()).isSameAs(order);
    assertThat(typed.payload()).isNull();
    assertThat(typed.payload("{}").value()).as("JSON text replaces the object").isNull();
    assertThat(NewTask.of("o-1").payload("{}").payload(order).payload()).as("and the other way").isNull();
    Object text = "not json";
    assertThat(NewTask.of("s").payload(text).value()).as("a String given as an Object is a value").isEqualTo("not json");
    assertRefused("payload", "must not be set together with value",
        () -> new NewTask("s", "{}", null, 0, null, null, order));
  }

  @Test
  void acceptsTheBoundaries() {
    String longest = "s".repeat(2048);
    String longestCjk = "\u6f22".repeat(682);

    assertThat(NewTask.of(longest).subject()).hasSize(2048);
    assertThat(NewTask.of(longestCjk).subject()).isEqualTo(longestCjk);
    assertThat(NewTask.of("a").version(0).version()).isZero();
    assertThat(NewTask.of("a").version(32767).version()).isEqualTo(32767);
    assertThat(NewTask.of("a").priority(-32768).priority()).isEqualTo(-32768);
    assertThat(NewTask.of("a").priority(32767).priority()).isEqualTo(32767);
    assertThat(NewTask.of("a").in(Duration.ZERO).delay()).isZero();
    assertThat(NewTask.of("a").at(Instant.EPOCH).dueAt()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void refusesABadSubject() {
    assertRefused("subject", "must not be null", () -> NewTask.of(null));
    assertRefused("subject", "must not be empty", () -> NewTask.of(""));
    assertRefused("subject", "at most 2048 bytes in UTF-8; was 2049", () -> NewTask.of("s".repeat(2049)));
    assertRefused("subject", "at most 2048 bytes in UTF-8; was 2049", () -> NewTask.of("\u6f22".repeat(682) + "sss"));
    assertRefused("subject", "lone surrogate U+D800 at index 1", () -> NewTask.of("a\ud800b"));
    assertRefused("subject", "lone surrogate U+DC00 at index 0", () -> NewTask.of("\udc00"));
    assertRefused("subject", "NUL", () -> NewTask.of("a\0b"));
    assertRefused("subject", "must not be empty", () -> NewTask.of("a").subject(""));
  }

  @Test
  void refusesAPayloadThatIsNotJson() {
    assertRefused("payload", "must be valid JSON", () -> NewTask.of("a").payload("{x:1}"));
    assertRefused("payload", "must be valid JSON", () -> NewTask.of("a").payload(""));
  }

  @Test
  void refusesAVersionOutOfRange() {
    assertRefused("version", "between 0 and 32767; was -1", () -> NewTask.of("a").version(-1));
    assertRefused("version", "was 32768", () -> NewTask.of("a").version(32768));
  }

  @Test
  void refusesAPriorityOutOfRange() {
    assertRefused("priority", "between -32768 and 32767", () -> NewTask.of("a").priority(-32769));
    assertRefused("priority", "was 32768", () -> NewTask.of("a").priority(32768));
  }

  @Test
  void refusesADueTimeOutOfRange() {
    assertRefused("dueAt", "must be between", () -> NewTask.of("a").at(Instant.EPOCH.minusMillis(1)));
    assertRefused("dueAt", "must be between", () -> NewTask.of("a").at(Instant.parse("9999-12-31T00:00:01Z")));
    assertRefused("dueAt", "must not be null", () -> NewTask.of("a").at(null));
  }

  @Test
  void refusesADelayOutOfRange() {
    assertRefused("delay", "must be between", () -> NewTask.of("a").in(Duration.ofMillis(-1)));
    assertRefused("delay", "must be between", () -> NewTask.of("a").in(Duration.ofDays(36_501)));
    assertRefused("delay", "must not be null", () -> NewTask.of("a").in(null));
  }

  @Test
  void refusesBothDueTimes() {
    assertRefused(
        "dueAt",
        "together with delay",
        () -> new NewTask("a", null, null, 0, Instant.EPOCH, Duration.ZERO));
  }
}
