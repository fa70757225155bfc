package io.fetchq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.Action;
import io.fetchq.Handler;
import io.fetchq.NewTask;
import io.fetchq.QueueStats;
import io.fetchq.Task;
import io.fetchq.TaskContext;
import io.fetchq.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of exclusive distributed tasks: several clients, each with its own pool, pick from
 * one queue in batches with several handlers each, and every task is handled exactly once, never
 * by two handlers at the same time; at the end the counters agree with the rows. Run once with
 * three clients in this JVM (sharing one recording handler that sees any overlap) and once with
 * three separate JVMs (each reporting what it handled).
 */
class ExclusivityTest {
  private static final TestFetchq db = new TestFetchq("exclusivity");
  private static final int TASKS = 10_000;
  private static final int CLIENTS = 3;

  @AfterAll
  static void dropSchema() {
    db.close();
  }

  /** Counts runs per subject and notes any subject run by two handlers at once. */
  static final class Recorder implements Handler {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final List<String> overlaps = new CopyOnWriteArrayList<>();

    @Override
    public Action handle(Task task, TaskContext ctx) throws InterruptedException {
      String subject = task.subject();
      if (!running.add(subject)) {
        overlaps.add(subject);
      }
      try {
        runs.computeIfAbsent(subject, s -> new AtomicInteger()).incrementAndGet();
        // a little work now and then, so that runs of different clients interleave
        if (ThreadLocalRandom.current().nextInt(20) == 0) {
          Thread.sleep(1);
        }
        return Action.complete();
      } finally {
        running.remove(subject);
      }
    }
  }

  private static List<NewTask> tasks(String prefix) {
    return IntStream.range(0, TASKS).mapToObj(i -> NewTask.of(prefix + "-" + i)).toList();
  }

  private static FetchqConfig clientConfig() {
    return db.config().withPoolSize(4);
  }

  @Test
  void threeClientsInOneJvmHandleEveryTaskExactlyOnceAndNeverTogether() {
    String queue = "shared";
    Recorder recorder = new Recorder();
    List<AtomicInteger> perClient = new ArrayList<>();
    List<Fetchq> clients = new ArrayList<>();
    try (QueueRows rows = new QueueRows(db.config())) {
      try {
        for (int c = 0; c < CLIENTS; c++) {
          AtomicInteger mine = new AtomicInteger();
          perClient.add(mine);
          clients.add(
              Fetchq.builder()
                  .config(clientConfig())
                  .queue(queue, q -> q.maxAttempts(1))
                  .worker(
                      queue,
                      (task, ctx) -> {
                        mine.incrementAndGet();
                        return recorder.handle(task, ctx);
                      },
                      w -> w.concurrency(4).batch(25))
                  .build());
        }
        List<NewTask> all = tasks("hero");
        for (int from = 0; from < TASKS; from += 1_000) {
          assertThat(clients.get(0).queue(queue).pushAll(all.subList(from, from + 1_000))).isEqualTo(1_000);
        }
        clients.forEach(Fetchq::start);

        await()
            .atMost(Duration.ofSeconds(25))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> rows.stats(queue).completed() == TASKS);
      } finally {
        clients.forEach(Fetchq::close);
      }

      assertThat(recorder.overlaps).as("subjects run by two handlers at once").isEmpty();
      assertThat(recorder.runs).hasSize(TASKS);
      assertThat(recorder.runs.entrySet())
          .allSatisfy(e -> assertThat(e.getValue().get()).as(e.getKey()).isEqualTo(1));
      assertThat(perClient).as("runs per client").allSatisfy(n -> assertThat(n.get()).isPositive());
      assertThat(perClient.stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(TASKS);

      assertFinalState(rows, queue);
    }
  }

  @Test
  void threeJvmsHandleEveryTaskExactlyOnce(@TempDir Path dir) throws Exception {
    String queue = "processes";
    List<Process> processes = new ArrayList<>();
    try (QueueRows rows = new QueueRows(db.config());
        Fetchq pusher = Fetchq.builder().config(clientConfig()).queue(queue, q -> q.maxAttempts(1)).build()) {
      List<NewTask> all = tasks("villain");
      for (int from = 0; from < TASKS; from += 1_000) {
        assertThat(pusher.queue(queue).pushAll(all.subList(from, from + 1_000))).isEqualTo(1_000);
      }
      try {
        Path go = dir.resolve("go");
        for (int p = 0; p < CLIENTS; p++) {
          processes.add(ExclusivityProcess.start(db.schema, queue, TASKS, dir.resolve("handled-" + p + ".txt"),
              dir.resolve("log-" + p + ".txt"), go));
        }
        // the clients start their workers together, so that a JVM slow to start still finds work
        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, CLIENTS)
            .allMatch(p -> Files.exists(ExclusivityProcess.ready(dir.resolve("handled-" + p + ".txt")))));
        Files.createFile(go);
        for (Process process : processes) {
          assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("process %s ended in time", process.pid()).isTrue();
        }
        for (int p = 0; p < CLIENTS; p++) {
          assertThat(processes.get(p).exitValue())
              .as("exit code of process %d; its log:%n%s", p, Files.readString(dir.resolve("log-" + p + ".txt")))
              .isZero();
        }
      } finally {
        processes.forEach(Process::destroyForcibly);
      }

      Map<String, Integer> runs = new HashMap<>();
      for (int p = 0; p < CLIENTS; p++) {
        List<String> handled = Files.readAllLines(dir.resolve("handled-" + p + ".txt"));
        assertThat(handled).as("runs of process %d", p).isNotEmpty();
        handled.forEach(s -> runs.merge(s, 1, Integer::sum));
      }
      assertThat(runs).hasSize(TASKS);
      assertThat(runs.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1));

      assertFinalState(rows, queue);
    }
  }

  private static void assertFinalState(QueueRows rows, String queue) {
    QueueStats stats = rows.assertCountersAgreeWithRows(queue);
    assertThat(rows.statusCounts(queue)).containsEntry(TaskStatus.COMPLETED, (long) TASKS);
    assertThat(rows.all(queue))
        .allSatisfy(
            t -> {
              assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
              assertThat(t.iterations()).isEqualTo(1);
              assertThat(t.attempts()).isZero();
            });
    assertThat(stats.completed()).isEqualTo(TASKS);
    assertThat(stats.total()).isEqualTo(TASKS);
    assertThat(stats.pushed()).isEqualTo(TASKS);
    assertThat(stats.picked()).isEqualTo(TASKS);
    assertThat(stats.processed()).isEqualTo(TASKS);
    assertThat(stats.orphaned()).isZero();
    assertThat(stats.rejected()).isZero();
    assertThat(stats.errors()).isZero();
  }

  /**
   * One client in a JVM of its own: drains the queue until every task is completed, then writes
   * the subjects it handled, one a line. Exits 0 on success, 1 when it saw an overlap, 2 on a
   * timeout.
   */
  static final class ExclusivityProcess {
    private ExclusivityProcess() {}

    static Process start(String schema, String queue, int tasks, Path handled, Path log, Path go) throws IOException {
      return ChildJvm.start(
          ExclusivityProcess.class, schema, log, queue, Integer.toString(tasks), handled.toString(), go.toString());
    }

    /** The file a process makes once its client is built, before it waits for {@code go}. */
    static Path ready(Path handled) {
      return Path.of(handled + ".ready");
    }

    public static void main(String[] args) throws Exception {
      FetchqConfig config = ChildJvm.config(args);
      String queue = args[3];
      int tasks = Integer.parseInt(args[4]);
      Recorder recorder = new Recorder();
      boolean done;
      try (Fetchq fetchq =
          Fetchq.builder()
              .config(config)
              .queue(queue, q -> q.maxAttempts(1))
              .worker(queue, recorder, w -> w.concurrency(4).batch(25))
              .build()) {
        Files.createFile(ready(Path.of(args[5])));
        // at most a minute: then it starts alone, and the parent, which has given up, fails the test
        awaitQuietly(Duration.ofSeconds(60), Duration.ofMillis(5), () -> Files.exists(Path.of(args[6])));
        fetchq.start();
        done = awaitQuietly(Duration.ofSeconds(30), Duration.ofMillis(50),
            () -> fetchq.queue(queue).stats().completed() >= tasks);
      }
      List<String> lines = new ArrayList<>();
      recorder.runs.forEach((subject, n) -> {
        for (int i = 0; i < n.get(); i++) {
          lines.add(subject);
        }
      });
      Files.write(Path.of(args[5]), lines);
      System.out.println("handled " + lines.size() + ", overlaps " + recorder.overlaps);
      System.exit(!recorder.overlaps.isEmpty() ? 1 : done ? 0 : 2);
    }

    /** Waits until {@code condition} holds, polling every {@code poll}; false when {@code max} passed first. */
    private static boolean awaitQuietly(Duration max, Duration poll, Callable<Boolean> condition) {
      try {
        await().atMost(max).pollDelay(Duration.ZERO).pollInterval(poll).until(condition);
        return true;
      } catch (ConditionTimeoutException e) {
        return false;
      }
    }
  }
}
