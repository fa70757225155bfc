package io.fetchq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueInfo;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskError;
import io.fetchq.TaskFilter;
import io.fetchq.TaskStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read-only commands ({@code queues}, {@code stats}, {@code tasks}, {@code errors}) print what
 * the API reads, in plain text and as JSON.
 */
class InspectCommandsIT {
  private static TestSchema db;
  private static String queue;

  @BeforeAll
  static void seed() {
    db = new TestSchema("cli_inspect");
    queue = db.newQueue("inspect");
    Queue q = db.fetchq.queue(queue);
    for (int i = 0; i < 5; i++) {
      q.push(NewTask.of("hero-" + i).payload("{\"n\":" + i + "}"));
    }
    q.push(NewTask.of("later").in(Duration.ofHours(1)));
    // two runs that fail: error log entries and a rejected counter
    for (Task picked : q.pick(2, Duration.ofMinutes(1))) {
      q.settle(picked, Action.reject("profile gone: " + picked.subject()));
    }
    q.cancel(List.of("hero-4"), "stopped by the test", false);
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void queuesListsEachQueueWithItsOptionsAndCounts() {
    String paused = db.newQueue("paused");
    db.fetchq.pause(paused);
    QueueStats stats = db.fetchq.queue(queue).stats();
    QueueInfo info = db.fetchq.queues().stream().filter(i -> i.name().equals(queue)).findFirst().orElseThrow();

    Cli.Run json = db.cli.run("queues", "--json");
    assertThat(json.exit()).as("%s", json).isZero();
    JsonNode listed = find(TestSchema.json(json.stdout()).get("queues"), "name", queue);
    assertThat(listed.get("paused").asBoolean()).isFalse();
    assertThat(find(TestSchema.json(json.stdout()).get("queues"), "name", paused).get("paused").asBoolean()).isTrue();
    assertThat(listed.get("options").get("maxActive").asInt()).isEqualTo(info.options().maxActive());
    assertThat(listed.get("options").get("maxAttempts").asInt()).isEqualTo(info.options().maxAttempts());
    assertThat(Duration.parse(listed.get("options").get("lock").asText())).isEqualTo(info.options().lock());
    assertThat(listed.get("createdAt").asText()).isEqualTo(info.createdAt().toString());
    JsonNode counts = listed.get("counts");
    assertThat(counts.get("planned").asLong()).isEqualTo(stats.planned());
    assertThat(counts.get("pending").asLong()).isEqualTo(stats.pending());
    assertThat(counts.get("killed").asLong()).isEqualTo(stats.killed());
    assertThat(counts.get("total").asLong()).isEqualTo(stats.total()).isPositive();

    Cli.Run human = db.cli.run("queues");
    assertThat(human.exit()).as("%s", human).isZero();
    List<String> header = words(human.stdout().lines().findFirst().orElseThrow());
    List<String> row = words(line(human.stdout(), queue));
    assertThat(row.get(header.indexOf("PAUSED"))).isEqualTo("no");
    assertThat(row.get(header.indexOf("PENDING"))).isEqualTo(Long.toString(stats.pending()));
    assertThat(row.get(header.indexOf("KILLED"))).isEqualTo(Long.toString(stats.killed()));
    assertThat(row.get(header.indexOf("TOTAL"))).isEqualTo(Long.toString(stats.total()));
    assertThat(words(line(human.stdout(), paused)).get(header.indexOf("PAUSED"))).isEqualTo("yes");
  }

  @Test
  void statsPrintsEveryCounterOfTheQueue() {
    QueueStats stats = db.fetchq.queue(queue).stats();

    Cli.Run json = db.cli.run("stats", queue, "--json");
    assertThat(json.exit()).as("%s", json).isZero();
    JsonNode printed = TestSchema.json(json.stdout());
    assertThat(printed.get("queue").asText()).isEqualTo(queue);
    assertThat(counters(printed)).isEqualTo(counters(stats));
    assertThat(stats.rejected()).isEqualTo(2);

    Cli.Run human = db.cli.run("stats", queue);
    assertThat(human.exit()).as("%s", human).isZero();
    assertThat(words(line(human.stdout(), "rejected"))).containsExactly("rejected", Long.toString(stats.rejected()));
    assertThat(words(line(human.stdout(), "pending"))).containsExactly("pending", Long.toString(stats.pending()));
    assertThat(words(line(human.stdout(), "errors"))).containsExactly("errors", Long.toString(stats.errors()));
  }

  @Test
  void tasksPrintsAPageAndTheCursorThatLeadsToTheNext() {
    List<String> expected = db.fetchq.queue(queue).tasks(TaskFilter.all().limit(1000)).tasks().stream()
        .map(Task::subject).toList();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Cli.Run page = cursor == null
          ? db.cli.run("tasks", queue, "--limit", "4", "--json")
          : db.cli.run("tasks", queue, "--limit", "4", "--json", "--after", cursor);
      assertThat(page.exit()).as("%s", page).isZero();
      JsonNode printed = TestSchema.json(page.stdout());
      printed.get("tasks").forEach(t -> seen.add(t.get("subject").asText()));
      cursor = printed.get("next").isNull() ? null : printed.get("next").asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).isEqualTo(expected).hasSize(6);

    Cli.Run killed = db.cli.run("tasks", queue, "--status", "killed", "--json");
    JsonNode task = TestSchema.json(killed.stdout()).get("tasks").get(0);
    Task stored = db.fetchq.queue(queue).get("hero-4").orElseThrow();
    assertThat(task.get("subject").asText()).isEqualTo("hero-4");
    assertThat(task.get("status").asText()).isEqualTo(stored.status().name()).isEqualTo("KILLED");
    assertThat(task.get("payload").get("n").asInt()).isEqualTo(4);
    assertThat(task.get("attempts").asInt()).isEqualTo(stored.attempts());
    assertThat(task.get("lastIteration").asText()).isEqualTo(stored.lastIteration().toString());

    Cli.Run human = db.cli.run("tasks", queue, "--limit", "2", "--newest");
    assertThat(human.exit()).as("%s", human).isZero();
    List<String> newest = db.fetchq.queue(queue).tasks(TaskFilter.all().newestFirst().limit(2)).tasks().stream()
        .map(Task::subject).toList();
    assertThat(human.stdout().lines().skip(1).limit(2).map(l -> words(l).get(0)).toList()).isEqualTo(newest);
    assertThat(human.stdout()).containsPattern("next page: --after [A-Za-z0-9_-]+");
  }

  @Test
  void errorsPrintsTheLogNewestFirst() {
    List<TaskError> log = db.fetchq.queue(queue).errors(10);

    Cli.Run json = db.cli.run("errors", queue, "--json", "--limit", "10");
    assertThat(json.exit()).as("%s", json).isZero();
    JsonNode printed = TestSchema.json(json.stdout()).get("errors");
    assertThat(printed).hasSize(log.size()).hasSize(3);
    for (int i = 0; i < log.size(); i++) {
      assertThat(printed.get(i).get("id").asLong()).isEqualTo(log.get(i).id());
      assertThat(printed.get(i).get("subject").asText()).isEqualTo(log.get(i).subject());
      assertThat(printed.get(i).get("message").asText()).isEqualTo(log.get(i).message());
    }

    Cli.Run human = db.cli.run("errors", queue, "--limit", "1");
    assertThat(human.exit()).as("%s", human).isZero();
    assertThat(human.stdout().lines().count()).isEqualTo(2);
    assertThat(human.stdout()).contains(log.get(0).message()).contains(log.get(0).subject());
  }

  @Test
  void statsWatchPrintsOneJsonObjectPerLineUntilStopped() throws Exception {
    Process watch = db.cli.start("stats", queue, "--watch", "--interval", "200ms", "--json");
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
      while (lines.size() < 2) {
        String line = out.readLine();
        assertThat(line).as("a line of stats --watch (exit %s)", watch.isAlive() ? "none yet" : watch.exitValue())
            .isNotNull();
        lines.add(line);
      }
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
    QueueStats stats = db.fetchq.queue(queue).stats();
    for (String line : lines) {
      JsonNode printed = TestSchema.json(line);
      assertThat(printed.get("queue").asText()).isEqualTo(queue);
      assertThat(counters(printed)).isEqualTo(counters(stats));
    }
    assertThat(lines.get(1)).isNotEqualTo(lines.get(0)); // the second is a new reading: a later "at"
    assertThat(watch.exitValue()).as("exit code after the watch was stopped").isZero();
  }

  private static List<Long> counters(JsonNode printed) {
    return Arrays.stream(new String[] {"planned", "pending", "active", "completed", "killed", "total", "pushed",
        "picked", "processed", "rescheduled", "rejected", "orphaned", "errors"})
        .map(field -> printed.get(field).asLong()).toList();
  }

  private static List<Long> counters(QueueStats s) {
    return List.of(s.planned(), s.pending(), s.active(), s.completed(), s.killed(), s.total(), s.pushed(), s.picked(),
        s.processed(), s.rescheduled(), s.rejected(), s.orphaned(), s.errors());
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (node.get(field).asText().equals(value)) {
        return node;
      }
    }
    throw new AssertionError("no " + field + " " + value + " in " + array);
  }

  /** The line of the output whose first word is {@code first}. */
  private static String line(String output, String first) {
    return output.lines().filter(l -> !words(l).isEmpty() && words(l).get(0).equals(first)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starts with " + first + " in\n" + output));
  }

  private static List<String> words(String line) {
    return Arrays.stream(line.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }
}
