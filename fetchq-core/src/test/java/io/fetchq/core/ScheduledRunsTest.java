package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.Action;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.ThresholdPolicy;
import io.fetchq.core.ScheduleOptions.Missed;
import io.fetchq.spi.Outcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * How runs of a schedule's task end, with no database: whatever the handler returns, the task is
 * planned at the next fire time; a failure is retried within the period, else waits for the next
 * fire time, and is never a kill, not even at the failure threshold or for an exception the
 * threshold policy calls fatal. Ordinary tasks are settled as before.
 */
class ScheduledRunsTest {
  private static final Instant NOW = Instant.parse("2026-01-10T12:00:05Z");
  private static final Instant FIRE = Instant.parse("2026-01-10T12:00:00Z");
  private static final Instant NEXT = Instant.parse("2026-01-10T12:01:00Z");
  private static final ScheduleRule EVERY_MINUTE = ScheduleRule.of("* * * * *", ZoneId.of("UTC"), Missed.ONCE);
  private static final int MAX_ATTEMPTS = 3;

  private static ActionOutcomes outcomes(Duration retryDelay) {
    RuntimeClock clock = new RuntimeClock(Clock.fixed(NOW, ZoneOffset.UTC), () -> 0L);
    RetryPolicy retry = RetryPolicy.fixed(retryDelay);
    return new ActionOutcomes(retry, ThresholdPolicy.killOn(IOException.class), Payloads.NONE,
        new ScheduledRuns("reports", retry, MAX_ATTEMPTS, clock));
  }

  private static Task task(String payload, int attempts) {
    return new Task("reports", "nightly-report", payload, 0, 0, TaskStatus.ACTIVE, attempts, 4,
        FIRE.minusSeconds(3600), FIRE.minusSeconds(60), NOW.plusSeconds(300), 42);
  }

  private static Task scheduled(int attempts) {
    return task(EVERY_MINUTE.payload(FIRE), attempts);
  }

  @Test
  void whateverTheHandlerReturnsTheTaskIsPlannedAtTheNextFireTime() {
    ActionOutcomes outcomes = outcomes(Duration.ofSeconds(10));
    for (Action action : new Action[] {Action.complete(), Action.drop(), Action.kill(), Action.kill("enough"),
        Action.reschedule(Duration.ofDays(3)), Action.complete().withPayload("{\"mine\":1}")}) {
      Outcome outcome = outcomes.of(scheduled(1), action);
      assertThat(outcome.kind()).as("%s", action).isEqualTo(Outcome.Kind.RESCHEDULE);
      assertThat(outcome.at()).as("%s", action).isEqualTo(NEXT);
      assertThat(outcome.payload()).as("%s", action).isEqualTo(EVERY_MINUTE.payload(NEXT));
      assertThat(outcome.lease().token()).isEqualTo(42);
    }
  }

  @Test
  void aFailureRetriesWithinThePeriodForTheSameFireTime() {
    Outcome outcome = outcomes(Duration.ofSeconds(10)).of(scheduled(1), Action.reject("report server down"));
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REJECT);
    assertThat(outcome.delay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(outcome.message()).isEqualTo("report server down");
    assertThat(outcome.payload()).as("the retry runs for the same fire time").isNull();
  }

  @Test
  void aFailureWhoseRetryComesAfterTheNextFireTimeWaitsForIt() {
    Outcome outcome = outcomes(Duration.ofMinutes(5)).failed(scheduled(1), FailureDetails.of(new IllegalStateException("boom")));
    assertThat(outcome.kind()).as("logged and counted").isEqualTo(Outcome.Kind.REJECT);
    assertThat(outcome.at()).isEqualTo(NEXT);
    assertThat(outcome.message()).isEqualTo("boom");
    assertThat(outcome.details()).contains("IllegalStateException");
    assertThat(outcome.payload()).isEqualTo(EVERY_MINUTE.payload(NEXT));
  }

  @Test
  void aFatalExceptionOrAnUnreadablePayloadIsAFailureNotAKill() {
    ActionOutcomes outcomes = outcomes(Duration.ofSeconds(10));
    assertThat(outcomes.failed(scheduled(1), FailureDetails.of(new IOException("fatal elsewhere"))).kind())
        .isEqualTo(Outcome.Kind.REJECT);
    assertThat(outcomes.unreadable(scheduled(1), FailureDetails.of("cannot read")).kind())
        .isEqualTo(Outcome.Kind.REJECT);
  }

  @Test
  void theFailureThatReachesTheThresholdWaitsForTheNextFireTimeInsteadOfKilling() {
    Outcome outcome = outcomes(Duration.ofSeconds(10)).of(scheduled(MAX_ATTEMPTS), Action.reject("still down"));
    assertThat(outcome.kind()).as("a reject would kill it; a reschedule puts its attempts back to zero")
        .isEqualTo(Outcome.Kind.RESCHEDULE);
    assertThat(outcome.at()).isEqualTo(NEXT);
    assertThat(outcome.payload()).isEqualTo(EVERY_MINUTE.payload(NEXT));
  }

  @Test
  void aScheduleThisClientDoesNotDeclareIsPutBackSoonWithoutAFailure() {
    Outcome outcome = outcomes(Duration.ofSeconds(10)).of(scheduled(2), ScheduleHandlers.NOT_DECLARED_HERE);
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.RESCHEDULE);
    assertThat(outcome.delay()).isEqualTo(ScheduledRuns.PUT_BACK);
    assertThat(outcome.payload()).isNull();
    // the same action from a user's handler is an ordinary success
    assertThat(outcomes(Duration.ofSeconds(10)).of(scheduled(2), Action.reschedule(ScheduledRuns.PUT_BACK)).at())
        .isEqualTo(NEXT);
  }

  @Test
  void withoutAFireTimeInThePayloadTheNextOneIsCountedFromNow() {
    Outcome outcome = outcomes(Duration.ofSeconds(10)).of(task(EVERY_MINUTE.payload(null), 1), Action.complete());
    assertThat(outcome.at()).isEqualTo(NEXT);
  }

  @Test
  void ordinaryTasksAreSettledAsBefore() {
    ActionOutcomes outcomes = outcomes(Duration.ofSeconds(10));
    assertThat(outcomes.of(task("{\"url\":\"/x\"}", 1), Action.complete()).kind()).isEqualTo(Outcome.Kind.COMPLETE);
    assertThat(outcomes.of(task(null, 1), Action.drop()).kind()).isEqualTo(Outcome.Kind.DROP);
    assertThat(outcomes.failed(task(null, 1), FailureDetails.of(new IOException("x"))).kind())
        .isEqualTo(Outcome.Kind.KILL);
    // a payload that only looks like a schedule's is an ordinary task's
    assertThat(outcomes.of(task("{\"fetchq_schedule\":{\"cron\":\"nope\",\"zone\":\"UTC\",\"missed\":\"ONCE\"}}", 1),
        Action.complete()).kind()).isEqualTo(Outcome.Kind.COMPLETE);
  }

  @Test
  void theFireTimeOfARunIsReadFromItsTask() {
    assertThat(Fetchq.fireTime(scheduled(1))).contains(FIRE);
    assertThat(Fetchq.fireTime(task("{}", 1))).isEmpty();
  }
}
