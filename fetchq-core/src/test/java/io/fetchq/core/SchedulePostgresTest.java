package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.FetchqException;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.RetryPolicy;
import io.fetchq.Task;
import io.fetchq.TaskStatus;
import io.fetchq.core.ScheduleOptions.Missed;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Cron schedules through real clients on PostgreSQL: one run per fire time however many clients
 * declare the schedule, missed fire times run once or skipped, a changed expression replanned,
 * undeclared schedules dropped on request, and runs that never end a schedule.
 */
class SchedulePostgresTest {
  private static final TestFetchq db = new TestFetchq("schedules");
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final String DAILY = "0 3 * * *";

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  private static Fetchq.Builder builder() {
    return Fetchq.builder().config(db.config());
  }

  /** The next 03:00 UTC, as a run or a start that ends now plans it. */
  private static Instant nextDaily() {
    return ScheduleRule.of(DAILY, UTC, Missed.ONCE).nextFire(null, Instant.now());
  }

  private static Task task(Fetchq fetchq, String queue, String name) {
    return fetchq.queue(queue).get(name).orElseThrow();
  }

  /** Records the fire time of every run, then returns {@code action}. */
  private static final class Recording implements Handler {
    final List<Instant> fires = new CopyOnWriteArrayList<>();
    private final Action action;

    Recording(Action action) {
      this.action = action;
    }

    @Override
    public Action handle(Task task, io.fetchq.TaskContext context) {
      fires.add(Fetchq.fireTime(task).orElseThrow());
      return action;
    }
  }

  @Test
  void manyClientsRunEachFireTimeOnceAndSkipNone() {
    Recording handler = new Recording(Action.complete());
    List<Fetchq> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        clients.add(builder().schedule("tick", "*/1 * * * * *", UTC, handler).build());
      }
      clients.forEach(Fetchq::start);
      Instant started = Instant.now();
      await().atMost(Duration.ofSeconds(20)).until(() -> handler.fires.stream().filter(f -> f.isAfter(started)).count() >= 4);
    } finally {
      clients.forEach(Fetchq::close);
    }
    List<Instant> fires = handler.fires;
    assertThat(fires).as("every fire time ran once").doesNotHaveDuplicates();
    List<Instant> sorted = fires.stream().sorted().toList();
    // the first run may be late (the clients were starting), and then rightly stands for the ones it covered
    for (int i = 2; i < sorted.size(); i++) {
      assertThat(Duration.between(sorted.get(i - 1), sorted.get(i))).as("no fire time skipped: %s", sorted)
          .isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void aFireTimeMissedWhileEveryClientWasDownRunsOnceAtStart() {
    ScheduleRule rule = ScheduleRule.of(DAILY, UTC, Missed.ONCE);
    Instant missed = Instant.now().minus(Duration.ofHours(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try (Fetchq first = builder().schedule("missed-once", DAILY, UTC, new Recording(Action.complete())).build()) {
      assertThat(task(first, Fetchq.SCHEDULES_QUEUE, "missed-once").nextIteration()).isEqualTo(nextDaily());
      first.queue(Fetchq.SCHEDULES_QUEUE).upsert(NewTask.of("missed-once").payload(rule.payload(missed)).at(missed));
    }
    Recording handler = new Recording(Action.complete());
    try (Fetchq second = builder().schedule("missed-once", DAILY, UTC, handler).build()) {
      assertThat(task(second, Fetchq.SCHEDULES_QUEUE, "missed-once").nextIteration()).as("left due").isEqualTo(missed);
      second.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> task(second, Fetchq.SCHEDULES_QUEUE, "missed-once").status()
          == TaskStatus.PLANNED);
      Task after = task(second, Fetchq.SCHEDULES_QUEUE, "missed-once");
      assertThat(after.nextIteration()).isEqualTo(nextDaily());
      assertThat(Fetchq.fireTime(after)).contains(nextDaily());
      assertThat(handler.fires).as("once, for the missed fire time").containsExactly(missed);
    }
  }

  @Test
  void aFireTimeMissedWhileEveryClientWasDownIsSkippedWhenSoDeclared() {
    UnaryOperator<ScheduleOptions> skip = o -> o.missed(Missed.SKIP);
    ScheduleRule rule = ScheduleRule.of(DAILY, UTC, Missed.SKIP);
    Instant missed = Instant.now().minus(Duration.ofHours(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try (Fetchq first = builder().schedule("missed-skip", DAILY, UTC, "reports", skip).build()) {
      first.queue("reports").upsert(NewTask.of("missed-skip").payload(rule.payload(missed)).at(missed));
    }
    Recording handler = new Recording(Action.complete());
    try (Fetchq second = builder().schedule("missed-skip", DAILY, UTC, "reports", skip).worker("reports", handler).build()) {
      Task planned = task(second, "reports", "missed-skip");
      assertThat(planned.status()).isEqualTo(TaskStatus.PLANNED);
      assertThat(planned.nextIteration()).isEqualTo(nextDaily());
      assertThat(Fetchq.fireTime(planned)).contains(nextDaily());
      second.start();
      await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> handler.fires.isEmpty());
    }
  }

  @Test
  void aChangedExpressionIsPlannedAtTheNewRulesNextFireTime() {
    try (Fetchq first = builder().schedule("changing", DAILY, UTC, "reports").build()) {
      assertThat(task(first, "reports", "changing").nextIteration()).isEqualTo(nextDaily());
    }
    try (Fetchq same = builder().schedule("changing", DAILY, UTC, "reports").build()) {
      assertThat(task(same, "reports", "changing").iterations()).isZero();
    }
    ScheduleRule changed = ScheduleRule.of("0 4 * * *", ZoneId.of("Europe/Rome"), Missed.ONCE);
    try (Fetchq second = builder().schedule("changing", "0 4 * * *", ZoneId.of("Europe/Rome"), "reports").build()) {
      Task task = task(second, "reports", "changing");
      Instant expected = changed.nextFire(null, Instant.now());
      assertThat(task.nextIteration()).isEqualTo(expected);
      assertThat(task.payload()).isEqualTo(changed.payload(expected));
    }
  }

  @Test
  void undeclaredSchedulesAreLeftByDefaultAndDroppedOnRequest() {
    try (Fetchq first = builder()
        .schedule("old-handler", DAILY, UTC, new Recording(Action.complete()))
        .schedule("old-queue", DAILY, UTC, "archive")
        .build()) {
      first.queue("archive").push(NewTask.of("ordinary"));
    }
    try (Fetchq leaving = builder().queue("archive").build()) {
      assertThat(leaving.queue(Fetchq.SCHEDULES_QUEUE).get("old-handler")).isPresent();
      assertThat(leaving.queue("archive").get("old-queue")).isPresent();
    }
    try (Fetchq dropping = builder().queue("archive").dropUndeclaredSchedules(true).build()) {
      assertThat(dropping.queue(Fetchq.SCHEDULES_QUEUE).get("old-handler")).isEmpty();
      assertThat(dropping.queue("archive").get("old-queue")).isEmpty();
      assertThat(dropping.queue("archive").get("ordinary")).as("not a schedule's").isPresent();
    }
  }

  @Test
  void aFailingRunRetriesWithinThePeriodThenWaitsForTheNextFireTimeNeverKilled() {
    AtomicInteger runs = new AtomicInteger();
    Handler failing = (task, context) -> {
      runs.incrementAndGet();
      throw new IllegalStateException("report server down");
    };
    try (Fetchq fetchq = builder()
        .queue("flaky_reports", q -> q.maxAttempts(3).retry(RetryPolicy.fixed(Duration.ofMillis(50))))
        .schedule("flaky", DAILY, UTC, "flaky_reports")
        .worker("flaky_reports", failing)
        .build()) {
      Queue reports = fetchq.queue("flaky_reports");
      reports.runNow(List.of("flaky"));
      fetchq.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 3
          && task(fetchq, "flaky_reports", "flaky").status() == TaskStatus.PLANNED);
      Task task = task(fetchq, "flaky_reports", "flaky");
      assertThat(task.nextIteration()).isEqualTo(nextDaily());
      assertThat(task.attempts()).isZero();
      assertThat(reports.errors("flaky", 10)).as("the failures before the threshold, in the error log").hasSize(2)
          .allSatisfy(e -> assertThat(e.message()).isEqualTo("report server down"));
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 3);
    }
  }

  @Test
  void whateverTheHandlerReturnsTheScheduleIsPlannedAtItsNextFireTime() {
    Recording completing = new Recording(Action.complete());
    Recording dropping = new Recording(Action.drop());
    Recording killing = new Recording(Action.kill("stop it"));
    Recording worker = new Recording(Action.complete());
    try (Fetchq fetchq = builder()
        .schedule("completes", DAILY, UTC, completing)
        .schedule("drops", DAILY, UTC, dropping)
        .schedule("kills", DAILY, UTC, killing)
        .schedule("in-queue", DAILY, UTC, "reports")
        .worker("reports", worker)
        .build()) {
      fetchq.queue(Fetchq.SCHEDULES_QUEUE).runNow(List.of("completes", "drops", "kills"));
      fetchq.queue("reports").runNow(List.of("in-queue"));
      fetchq.start();
      List<Recording> all = List.of(completing, dropping, killing, worker);
      await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().allMatch(r -> r.fires.size() == 1)
          && List.of("completes", "drops", "kills").stream()
              .allMatch(n -> task(fetchq, Fetchq.SCHEDULES_QUEUE, n).status() == TaskStatus.PLANNED)
          && task(fetchq, "reports", "in-queue").status() == TaskStatus.PLANNED);
      for (Task task : List.of(task(fetchq, Fetchq.SCHEDULES_QUEUE, "completes"), task(fetchq, Fetchq.SCHEDULES_QUEUE, "drops"),
          task(fetchq, Fetchq.SCHEDULES_QUEUE, "kills"), task(fetchq, "reports", "in-queue"))) {
        assertThat(task.nextIteration()).as(task.subject()).isEqualTo(nextDaily());
        assertThat(Fetchq.fireTime(task)).as(task.subject()).contains(nextDaily());
        assertThat(task.iterations()).as(task.subject()).isEqualTo(1);
      }
      assertThat(fetchq.queue(Fetchq.SCHEDULES_QUEUE).errors("kills", 10)).isEmpty();
    }
  }

  @Test
  void aScheduleThisClientDoesNotDeclareIsPutBackForAnotherWithoutAFailure() {
    Recording known = new Recording(Action.complete());
    try (Fetchq fetchq = builder().schedule("known", DAILY, UTC, known).build()) {
      Instant due = Instant.now().minusSeconds(1);
      fetchq.queue(Fetchq.SCHEDULES_QUEUE).push(NewTask.of("ghost")
          .payload(ScheduleRule.of(DAILY, UTC, Missed.ONCE).payload(due)).at(due));
      fetchq.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> task(fetchq, Fetchq.SCHEDULES_QUEUE, "ghost").iterations() == 1);
      Task ghost = task(fetchq, Fetchq.SCHEDULES_QUEUE, "ghost");
      assertThat(ghost.status()).isIn(TaskStatus.PLANNED, TaskStatus.PENDING, TaskStatus.ACTIVE);
      assertThat(ghost.attempts()).isLessThanOrEqualTo(1);
      assertThat(Fetchq.fireTime(ghost)).as("still the fire time it is due for").contains(due);
      assertThat(fetchq.queue(Fetchq.SCHEDULES_QUEUE).errors("ghost", 10)).isEmpty();
      assertThat(known.fires).isEmpty();
    }
  }

  @Test
  void aScheduleWhoseNameIsAnOrdinaryTasksIsRefusedBeforeAnythingIsWritten() {
    try (Fetchq first = builder().queue("taken").build()) {
      first.queue("taken").push(NewTask.of("nightly-report").payload("{\"mine\":true}"));
    }
    assertThatThrownBy(() -> builder()
        .schedule("fresh", DAILY, UTC, "taken")
        .schedule("nightly-report", DAILY, UTC, "taken")
        .build())
        .isInstanceOf(FetchqException.class)
        .hasMessageContaining("queue taken holds a task nightly-report that is not a schedule's");
    try (Fetchq check = builder().build()) {
      assertThat(check.queue("taken").get("fresh")).isEmpty();
    }
  }
}
