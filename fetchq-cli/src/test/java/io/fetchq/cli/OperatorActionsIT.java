package io.fetchq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueInfo;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskStatus;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The commands that change tasks and queues ({@code retry}, {@code run-now}, {@code cancel}, {@code
 * pause}, {@code resume}) do what the API says, checked through the API, and report per subject.
 */
class OperatorActionsIT {
  private static TestSchema db;

  @BeforeAll
  static void schema() {
    db = new TestSchema("cli_actions");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void retryMakesAKilledTaskPendingAndSaysWhatDidNotMove() {
    String queue = db.newQueue("retry");
    Queue q = db.fetchq.queue(queue);
    q.push(NewTask.of("dead"));
    q.push(NewTask.of("waiting"));
    q.cancel(List.of("dead"), "killed for the test", false);

    Cli.Run run = db.cli.run("retry", queue, "dead", "waiting", "missing", "--json");
    assertThat(run.exit()).as("%s", run).isZero();
    JsonNode printed = TestSchema.json(run.stdout());
    assertThat(strings(printed.get("moved"))).containsExactly("dead");
    assertThat(strings(printed.get("notMoved"))).containsExactly("waiting", "missing");
    Task dead = q.get("dead").orElseThrow();
    assertThat(dead.status()).isEqualTo(TaskStatus.PENDING);
    assertThat(dead.attempts()).isZero();

    // nothing to retry any more: --strict says so with its exit code, and the table says why
    Cli.Run strict = db.cli.run("retry", queue, "dead", "--strict");
    assertThat(strict.exit()).as("%s", strict).isEqualTo(6);
    assertThat(strict.stdout()).contains("dead").contains("not retried").contains("0 of 1 retried");
  }

  @Test
  void retryAllKilledRetriesEveryKilledTask() {
    String queue = db.newQueue("retry_all");
    Queue q = db.fetchq.queue(queue);
    List<String> subjects = List.of("a", "b", "c");
    subjects.forEach(s -> q.push(NewTask.of(s)));
    q.push(NewTask.of("alive"));
    q.cancel(subjects, "killed for the test", false);
    assertThat(q.stats().killed()).isEqualTo(3);

    Cli.Run run = db.cli.run("retry", queue, "--all-killed", "--json");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(TestSchema.json(run.stdout()).get("retried").asLong()).isEqualTo(3);
    assertThat(q.stats().killed()).isZero();
    assertThat(q.stats().pending()).isEqualTo(4);
  }

  @Test
  void subjectsPipedFromAListingAreRetried() {
    String queue = db.newQueue("pipe");
    Queue q = db.fetchq.queue(queue);
    for (int i = 0; i < 4; i++) {
      q.push(NewTask.of("s" + i));
    }
    q.cancel(List.of("s1", "s3"), "killed for the test", false);

    // fetchq tasks q --status KILLED --json | jq -r '.tasks[].subject' | fetchq retry q -
    Cli.Run listing = db.cli.run("tasks", queue, "--status", "KILLED", "--json");
    StringBuilder subjects = new StringBuilder();
    TestSchema.json(listing.stdout()).get("tasks").forEach(t -> subjects.append(t.get("subject").asText()).append('\n'));
    Cli.Run retry = db.cli.runWithInput(subjects.toString(), "retry", queue, "-");

    assertThat(retry.exit()).as("%s", retry).isZero();
    assertThat(retry.stdout()).contains("2 of 2 retried");
    assertThat(q.get("s1").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
    assertThat(q.get("s3").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
    assertThat(q.stats().killed()).isZero();
  }

  @Test
  void runNowMakesAPlannedTaskDue() {
    String queue = db.newQueue("run_now");
    Queue q = db.fetchq.queue(queue);
    q.push(NewTask.of("tomorrow").in(Duration.ofDays(1)));
    q.push(NewTask.of("now"));

    Cli.Run run = db.cli.run("run-now", queue, "tomorrow", "now");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.stdout()).contains("1 of 2 run now");
    Task moved = q.get("tomorrow").orElseThrow();
    assertThat(moved.nextIteration()).isBefore(TestDatabase.now().plusSeconds(1));
    assertThat(q.stats().planned()).isZero();
  }

  @Test
  void cancelKillsWithTheReasonInTheErrorLogAndDropDeletes() {
    String queue = db.newQueue("cancel");
    Queue q = db.fetchq.queue(queue);
    q.push(NewTask.of("a"));
    q.push(NewTask.of("b").in(Duration.ofHours(1)));
    q.push(NewTask.of("c"));

    Cli.Run run = db.cli.run("cancel", queue, "a", "b", "nobody", "--reason", "bad batch 42", "--json");
    assertThat(run.exit()).as("%s", run).isZero();
    JsonNode printed = TestSchema.json(run.stdout());
    assertThat(strings(printed.get("killed"))).containsExactlyInAnyOrder("a", "b");
    assertThat(strings(printed.get("notReached"))).containsExactly("nobody");
    assertThat(q.get("a").orElseThrow().status()).isEqualTo(TaskStatus.KILLED);
    assertThat(q.get("b").orElseThrow().status()).isEqualTo(TaskStatus.KILLED);
    assertThat(q.errors(10)).extracting(TaskError::subject).containsExactlyInAnyOrder("a", "b");
    assertThat(q.errors(10)).extracting(TaskError::message).allSatisfy(m -> assertThat(m).contains("bad batch 42"));

    Cli.Run drop = db.cli.run("cancel", queue, "c", "--reason", "not wanted", "--drop");
    assertThat(drop.exit()).as("%s", drop).isZero();
    assertThat(drop.stdout()).contains("dropped").contains("0 killed, 1 dropped, 0 marked, 0 not reached");
    assertThat(q.get("c")).isEmpty();
    assertThat(q.stats().total()).isEqualTo(2);
  }

  @Test
  void pauseAndResumeAreSeenByTheApiAndResumeWakesOtherProcesses() throws SQLException {
    String queue = db.newQueue("pause");

    Cli.Run pause = db.cli.run("pause", queue);
    assertThat(pause.exit()).as("%s", pause).isZero();
    assertThat(pause.stdout()).contains("queue " + queue + " paused");
    assertThat(info(queue).paused()).isTrue();

    try (Connection listener = TestDatabase.connection()) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN \"fetchq_" + queue + "\"");
      }
      Cli.Run resume = db.cli.run("resume", queue, "--json");
      assertThat(resume.exit()).as("%s", resume).isZero();
      assertThat(TestSchema.json(resume.stdout()).get("paused").asBoolean()).isFalse();
      assertThat(info(queue).paused()).isFalse();
      // the command has ended: its wake-up went out before the client closed
      PGNotification[] woken = listener.unwrap(PGConnection.class).getNotifications(5_000);
      assertThat(woken).as("wake-ups of %s after resume", queue).isNotEmpty();
    }
  }

  private static QueueInfo info(String queue) {
    return db.fetchq.queues().stream().filter(i -> i.name().equals(queue)).findFirst().orElseThrow();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }
}
