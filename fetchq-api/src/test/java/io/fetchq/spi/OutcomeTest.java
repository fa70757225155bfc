package io.fetchq.spi;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.spi.Outcome.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  private static final Lease LEASE = new Lease("iron-man", 42);
  private static final Instant AT = Instant.parse("2031-01-01T00:00:00Z");

  @Test
  void factoriesSetOnlyWhatTheirKindCarries() {
    assertThat(Outcome.complete(LEASE)).isEqualTo(new Outcome(LEASE, Kind.COMPLETE, null, null, null, null, null));
    assertThat(Outcome.complete(LEASE, "{}")).isEqualTo(new Outcome(LEASE, Kind.COMPLETE, "{}", null, null, null, null));
    assertThat(Outcome.reschedule(LEASE, Duration.ofHours(1)))
        .isEqualTo(new Outcome(LEASE, Kind.RESCHEDULE, null, null, Duration.ofHours(1), null, null));
    assertThat(Outcome.reschedule(LEASE, AT)).isEqualTo(new Outcome(LEASE, Kind.RESCHEDULE, null, AT, null, null, null));
    assertThat(Outcome.reject(LEASE, "gone", "[1]", Duration.ofSeconds(5)))
        .isEqualTo(new Outcome(LEASE, Kind.REJECT, null, null, Duration.ofSeconds(5), "gone", "[1]"));
    assertThat(Outcome.kill(LEASE)).isEqualTo(new Outcome(LEASE, Kind.KILL, null, null, null, null, null));
    assertThat(Outcome.kill(LEASE, "bad", null)).isEqualTo(new Outcome(LEASE, Kind.KILL, null, null, null, "bad", null));
    assertThat(Outcome.drop(LEASE)).isEqualTo(new Outcome(LEASE, Kind.DROP, null, null, null, null, null));
    assertThat(Outcome.release(LEASE)).isEqualTo(new Outcome(LEASE, Kind.RELEASE, null, null, null, null, null));
    assertThat(Outcome.reschedule(LEASE, AT).withPayload("2").payload()).isEqualTo("2");
  }

  @Test
  void leaseOfATaskTakesItsSubjectAndToken() {
    Task task = new Task("q", "s", null, 0, 0, TaskStatus.ACTIVE, 1, 0, Instant.EPOCH, null, Instant.EPOCH, 99);

    assertThat(Lease.of(task)).isEqualTo(new Lease("s", 99));
  }

  @Test
  void refusesABadLease() {
    assertRefused("lease", "must not be null", () -> Outcome.complete(null));
    assertRefused("lease", "between 1 and", () -> new Lease("s", 0));
    assertRefused("subject", "must not be empty", () -> new Lease("", 1));
  }

  @Test
  void refusesAMissingKind() {
    assertRefused("kind", "must not be null", () -> new Outcome(LEASE, null, null, null, null, null, null));
  }

  @Test
  void refusesTimedKindsWithoutExactlyOneDueTime() {
    assertRefused("at", "a RESCHEDULE needs exactly one", () -> new Outcome(LEASE, Kind.RESCHEDULE, null, null, null, null, null));
    assertRefused("at", "a REJECT needs exactly one", () -> new Outcome(LEASE, Kind.REJECT, null, AT, Duration.ZERO, "x", null));
    assertRefused("retryDelay", "must not be null", () -> Outcome.reject(LEASE, "x", null, null));
  }

  @Test
  void refusesADueTimeOnUntimedKinds() {
    assertRefused("at", "only a reschedule or a reject", () -> new Outcome(LEASE, Kind.COMPLETE, null, AT, null, null, null));
    assertRefused("at", "only a reschedule or a reject", () -> new Outcome(LEASE, Kind.KILL, null, null, Duration.ZERO, null, null));
  }

  @Test
  void refusesADueTimeOutOfRange() {
    assertRefused("delay", "must be between", () -> Outcome.reschedule(LEASE, Duration.ofMillis(-1)));
    assertRefused("delay", "must be between", () -> Outcome.reject(LEASE, "x", null, Duration.ofDays(36_501)));
    assertRefused("at", "must be between", () -> Outcome.reschedule(LEASE, Instant.MAX));
  }

  @Test
  void refusesARejectWithoutAReason() {
    assertRefused("message", "must not be null", () -> Outcome.reject(LEASE, null, null, Duration.ZERO));
    assertRefused("message", "a reject must say why", () -> new Outcome(LEASE, Kind.REJECT, null, null, Duration.ZERO, null, null));
    assertRefused("message", "at most 8192", () -> Outcome.kill(LEASE, "m".repeat(8193), null));
  }

  @Test
  void refusesPayloadOrDetailsThatAreNotJson() {
    assertRefused("payload", "must be valid JSON", () -> Outcome.complete(LEASE, "{"));
    assertRefused("payload", "must not be null", () -> Outcome.complete(LEASE, null));
    assertRefused("details", "must be valid JSON", () -> Outcome.kill(LEASE, "x", "01"));
  }

  @Test
  void refusesPayloadOrMessageOnDropAndRelease() {
    assertRefused("payload", "a DROP carries no payload", () -> Outcome.drop(LEASE).withPayload("{}"));
    assertRefused("payload", "a RELEASE carries no payload", () -> Outcome.release(LEASE).withPayload("{}"));
    assertRefused("payload", "a DROP carries no payload or message", () -> new Outcome(LEASE, Kind.DROP, null, null, null, "x", null));
  }
}
