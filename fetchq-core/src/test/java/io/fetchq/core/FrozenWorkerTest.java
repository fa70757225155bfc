package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process frozen (SIGSTOP) past its locks and then continued: its tasks are recovered and
 * completed, nothing is lost or counted twice, and its log says that the process did not run, not
 * that its batch was too large for the lock (what it said before, found by the chaos run of issue
 * 21).
 */
class FrozenWorkerTest {
  private static final TestFetchq db = new TestFetchq("frozen_worker");
  private static final String QUEUE = "frozen";
  private static final int TASKS = 150;

  @TempDir Path dir;

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  private static QueueSettings settings(QueueSettings q) {
    return q.lock(Duration.ofSeconds(1)).maxAttempts(20);
  }

  private static void signal(String signal, Process process) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s", signal).isZero();
  }

  @Test
  void aWorkerFrozenPastItsLocksSaysSoAndNothingIsLost() throws Exception {
    Path log = dir.resolve("frozen.log");
    try (QueueRows rows = new QueueRows(db.config());
        Fetchq pusher = Fetchq.builder().config(db.config()).queue(QUEUE, FrozenWorkerTest::settings).build()) {
      List<NewTask> tasks = IntStream.range(0, TASKS).mapToObj(i -> NewTask.of("task-" + i)).toList();
      assertThat(pusher.queue(QUEUE).pushAll(tasks)).isEqualTo(TASKS);
      Process child = ChildJvm.start(FrozenProcess.class, db.schema, log, QUEUE);
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> rows.stats(QUEUE).completed() >= 10 || !child.isAlive());
        assertThat(child.isAlive()).as("the child runs; its log:%n%s", Files.readString(log)).isTrue();

        signal("STOP", child);
        Thread.sleep(3_000);
        signal("CONT", child);

        await().atMost(Duration.ofSeconds(60)).until(() -> rows.stats(QUEUE).completed() == TASKS);
      } finally {
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      QueueStats stats = rows.assertCountersAgreeWithRows(QUEUE);
      assertThat(stats.completed()).isEqualTo(TASKS);
      assertThat(Files.readString(log))
          .as("the child's log")
          .containsPattern("This process (did not|has not) run for \\d+ ms")
          .doesNotContain("handlers are slower than the lock");
    }
  }

  /** A client whose batch waits behind one slow-ish handler thread, as a frozen process finds it. */
  static final class FrozenProcess {
    private FrozenProcess() {}

    public static void main(String[] args) throws Exception {
      String queue = args[3];
      Fetchq fetchq = Fetchq.builder()
          .config(ChildJvm.config(args))
          .queue(queue, FrozenWorkerTest::settings)
          .worker(queue, (task, ctx) -> {
            Thread.sleep(20);
            return Action.complete();
          }, w -> w.concurrency(1).batch(20))
          .build();
      fetchq.start();
      Thread.sleep(120_000);
      System.exit(3);
    }
  }
}
