package io.fetchq;

import static io.fetchq.RefusedInput.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThresholdPolicyTest {
  private static final Task TASK =
      new Task("heroes", "iron-man", null, 0, 0, TaskStatus.ACTIVE, 1, 0, Instant.EPOCH, null, Instant.EPOCH, 7);

  @Test
  void attemptsOnlyNeverKillsAtOnce() {
    ThresholdPolicy policy = ThresholdPolicy.attemptsOnly();

    assertThat(policy.killsAtOnce(TASK, thrown(new IllegalStateException("x")))).isFalse();
    assertThat(policy.killsAtOnce(TASK, new Failure("gone", null, null))).isFalse();
  }

  @Test
  void killOnKillsForTheTypesAndTheirSubtypes() {
    ThresholdPolicy policy = ThresholdPolicy.killOn(IOException.class, IllegalArgumentException.class);

    assertThat(policy.killsAtOnce(TASK, thrown(new IOException("x")))).isTrue();
    assertThat(policy.killsAtOnce(TASK, thrown(new FileNotFoundException("x")))).isTrue();
    assertThat(policy.killsAtOnce(TASK, thrown(new NumberFormatException("x")))).isTrue();
  }

  @Test
  void killOnSparesOtherTypesAndReturnedRejects() {
    ThresholdPolicy policy = ThresholdPolicy.killOn(IOException.class);

    assertThat(policy.killsAtOnce(TASK, thrown(new IllegalStateException("x")))).isFalse();
    assertThat(policy.killsAtOnce(TASK, thrown(new UncheckedIOException(new IOException("x"))))).isFalse();
    assertThat(policy.killsAtOnce(TASK, new Failure("IOException", null, null))).isFalse();
  }

  @Test
  void killOnWithNoTypesNeverKills() {
    assertThat(ThresholdPolicy.killOn().killsAtOnce(TASK, thrown(new RuntimeException()))).isFalse();
  }

  @Test
  void killWhenAsksItsTest() {
    ThresholdPolicy policy = ThresholdPolicy.killWhen(f -> f.message().contains("404"));

    assertThat(policy.killsAtOnce(TASK, new Failure("HTTP 404", null, null))).isTrue();
    assertThat(policy.killsAtOnce(TASK, new Failure("HTTP 503", null, null))).isFalse();
  }

  @Test
  void orKillsWhenEitherSaysSo() {
    ThresholdPolicy gone = ThresholdPolicy.killWhen(f -> f.message().equals("gone"));
    ThresholdPolicy policy = gone.or(ThresholdPolicy.killOn(IOException.class));

    assertThat(policy.killsAtOnce(TASK, new Failure("gone", null, null))).isTrue();
    assertThat(policy.killsAtOnce(TASK, new Failure("io", null, new IOException()))).isTrue();
    assertThat(policy.killsAtOnce(TASK, new Failure("busy", null, new IllegalStateException()))).isFalse();
  }

  @Test
  void orStopsAtTheFirstThatKills() {
    AtomicInteger asked = new AtomicInteger();
    ThresholdPolicy counting = (task, failure) -> asked.incrementAndGet() > 0;

    assertThat(ThresholdPolicy.killWhen(f -> true).or(counting).killsAtOnce(TASK, new Failure("x", null, null))).isTrue();
    assertThat(asked).hasValue(0);
  }

  @Test
  void orPassesTheTaskToBoth() {
    ThresholdPolicy secondTry = ThresholdPolicy.attemptsOnly().or((task, failure) -> task.attempts() >= 2);
    Task retried = new Task("heroes", "iron-man", null, 0, 0, TaskStatus.ACTIVE, 2, 1, Instant.EPOCH, null, Instant.EPOCH, 8);

    assertThat(secondTry.killsAtOnce(TASK, new Failure("x", null, null))).isFalse();
    assertThat(secondTry.killsAtOnce(retried, new Failure("x", null, null))).isTrue();
  }

  @Test
  void refusesMissingArguments() {
    assertRefused("types", "must not be null", () -> ThresholdPolicy.killOn((Class<? extends Throwable>[]) null));
    assertRefused("types", "must not be null", () -> ThresholdPolicy.killOn(IOException.class, null));
    assertRefused("test", "must not be null", () -> ThresholdPolicy.killWhen(null));
    assertRefused("other", "must not be null", () -> ThresholdPolicy.attemptsOnly().or(null));
  }

  private static Failure thrown(Throwable cause) {
    return new Failure(String.valueOf(cause.getMessage()), null, cause);
  }
}
