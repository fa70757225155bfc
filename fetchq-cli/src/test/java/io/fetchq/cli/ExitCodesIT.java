package io.fetchq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.TaskStatus;
import io.fetchq.tck.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exit codes scripts rely on: 2 for bad arguments (checked before the database is reached),
 * 3 for a queue that does not exist, 4 for a database that cannot be reached (fast), 5 for a
 * schema that is missing or not migrated, which {@code migrate} fixes.
 */
class ExitCodesIT {
  private static TestSchema db;

  @BeforeAll
  static void schema() {
    db = new TestSchema("cli_exit");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    Cli.Run help = db.cli.run("--help");
    assertThat(help.exit()).as("%s", help).isZero();
    assertThat(help.stdout()).contains("Exit codes:").contains("queues").contains("run-now").contains("migrate")
        .containsPattern("(?m)^\\s+5\\s+.*schema");
    Cli.Run version = db.cli.run("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.stdout()).startsWith("fetchq ");
  }

  @Test
  void badArgumentsExitWith2AndTheRuleBeforeTheDatabaseIsReached() {
    // the database named here cannot be reached: a 2 shows the arguments were refused first
    String nowhere = "--db-url=jdbc:postgresql://127.0.0.1:1/nowhere";
    Cli.Run limit = db.cli.run("tasks", "q", "--limit", "0", nowhere);
    assertThat(limit.exit()).as("%s", limit).isEqualTo(2);
    assertThat(limit.stderr()).contains("--limit must be between 1 and 1000; was 0").contains("Usage: fetchq tasks");
    assertThat(limit.stdout()).isEmpty();

    Cli.Run errors = db.cli.run("errors", "q", "--limit", "-1", nowhere);
    assertThat(errors.exit()).as("%s", errors).isEqualTo(2);
    assertThat(errors.stderr()).contains("--limit must be between 1 and");

    Cli.Run queueName = db.cli.run("stats", "Not-A-Queue", nowhere);
    assertThat(queueName.exit()).as("%s", queueName).isEqualTo(2);
    assertThat(queueName.stderr()).contains("QUEUE must match");

    Cli.Run noSubject = db.cli.run("retry", "q", nowhere);
    assertThat(noSubject.exit()).as("%s", noSubject).isEqualTo(2);
    assertThat(noSubject.stderr()).contains("SUBJECT at least one is needed");

    Cli.Run noReason = db.cli.run("cancel", "q", "a", nowhere);
    assertThat(noReason.exit()).as("%s", noReason).isEqualTo(2);
    assertThat(noReason.stderr()).contains("--reason");

    Cli.Run unknown = db.cli.run("purge", "q");
    assertThat(unknown.exit()).as("%s", unknown).isEqualTo(2);
  }

  @Test
  void aRefusedArgumentChangesNothing() {
    String queue = db.newQueue("untouched");
    Queue q = db.fetchq.queue(queue);
    q.push(NewTask.of("a"));

    Cli.Run blank = db.cli.run("cancel", queue, "a", "--reason", " ");
    assertThat(blank.exit()).as("%s", blank).isEqualTo(2);
    assertThat(blank.stderr()).contains("--reason must say why");
    assertThat(q.get("a").orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
    assertThat(q.errors(10)).isEmpty();
  }

  @Test
  void anUnknownQueueExitsWith3() {
    for (String[] command : new String[][] {{"stats", "no_such_queue"}, {"retry", "no_such_queue", "x"},
        {"pause", "no_such_queue"}}) {
      Cli.Run run = db.cli.run(command);
      assertThat(run.exit()).as("%s", run).isEqualTo(3);
      assertThat(run.stderr()).contains("queue not found: no_such_queue");
    }
  }

  @Test
  void anUnreachableDatabaseExitsWith4WithoutRetrying() {
    Cli.Run run = db.cli.run("queues", "--db-url", "jdbc:postgresql://127.0.0.1:1/nowhere");
    assertThat(run.exit()).as("%s", run).isEqualTo(4);
    assertThat(run.stderr()).contains("the database is unavailable").contains("127.0.0.1:1");
    // a bound on retrying, not a speed test: the library's default backoff with a minute of
    // retries, or a pool that tries once per binding, would run far past it
    assertThat(run.took()).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aMissingSchemaExitsWith5UntilMigrateCreatesIt() {
    String schema = TestDatabase.newSchemaName("cli_migrate");
    Cli cli = new Cli(schema);
    try {
      Cli.Run missing = cli.run("queues");
      assertThat(missing.exit()).as("%s", missing).isEqualTo(5);
      assertThat(missing.stderr()).contains(schema).contains("fetchq migrate");
      assertThat(schemaExists(schema)).as("the schema after a command in validate mode").isFalse();

      Cli.Run migrate = cli.run("migrate");
      assertThat(migrate.exit()).as("%s", migrate).isZero();
      assertThat(migrate.stdout()).contains("schema " + schema + " (postgres) migrated");

      Cli.Run queues = cli.run("queues", "--json");
      assertThat(queues.exit()).as("%s", queues).isZero();
      assertThat(TestSchema.json(queues.stdout()).get("queues")).isEmpty();

      Cli.Run again = cli.run("migrate", "--json");
      assertThat(again.exit()).as("%s", again).isZero();
      JsonNode printed = TestSchema.json(again.stdout());
      assertThat(printed.get("migrated").asBoolean()).isFalse();
      assertThat(printed.get("schema").asText()).isEqualTo(schema);
    } finally {
      TestDatabase.dropSchema(schema);
    }
  }

  @Test
  void aSchemaWithoutFetchqsTablesExitsWith5() throws SQLException {
    String schema = TestDatabase.newSchemaName("cli_empty");
    try (Connection c = TestDatabase.connection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    try {
      Cli.Run run = new Cli(schema).run("stats", "q");
      assertThat(run.exit()).as("%s", run).isEqualTo(5);
      assertThat(run.stderr()).contains("could not be validated").contains("fetchq migrate");
    } finally {
      TestDatabase.dropSchema(schema);
    }
  }

  private static boolean schemaExists(String schema) {
    try (Connection c = TestDatabase.connection();
        var s = c.prepareStatement("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
      s.setString(1, schema);
      try (var r = s.executeQuery()) {
        r.next();
        return r.getInt(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
