package io.fetchq.chaos;

import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.core.Fetchq;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A whole chaos run: recreates the run's schema, starts the worker JVMs, pushes the tasks while
 * they work, strikes with the faults of the seeded schedule until the queue has drained and every
 * kind of fault struck at least once, stops the workers, and checks. Exit code 0 only when the
 * check passes.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs the chaos program against one backend and checks the result (exit 0: passed).")
final class RunCommand implements Callable<Integer> {
  static final String PASSWORD_VARIABLE = "CHAOS_DB_PASSWORD";

  @Option(names = "--backend", defaultValue = "postgres", description = "postgres or partitioned (default ${DEFAULT-VALUE})")
  String backend;
  @Option(names = "--tasks", defaultValue = "1000000", description = "tasks to push (default ${DEFAULT-VALUE})")
  long tasks;
  @Option(names = "--workers", defaultValue = "4", description = "worker JVMs (default ${DEFAULT-VALUE})")
  int workers;
  @Option(names = "--concurrency", defaultValue = "4", description = "handler threads per worker JVM (default ${DEFAULT-VALUE})")
  int concurrency;
  @Option(names = "--seed", description = "the fault schedule's seed (default: the time)")
  Long seed;
  @Option(names = "--db-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test", description = "(default ${DEFAULT-VALUE})")
  String dbUrl;
  @Option(names = "--db-user", defaultValue = "postgres", description = "(default ${DEFAULT-VALUE}; the password, if any, from "
      + PASSWORD_VARIABLE + ")")
  String dbUser;
  @Option(names = "--pg-restart-command", description = "how to restart PostgreSQL, run with sh -c; without it the restart fault is skipped")
  String restartCommand;
  @Option(names = "--first-fault", defaultValue = "3",
      description = "seconds from the first ended run to the first fault (default ${DEFAULT-VALUE})")
  double firstFaultSeconds;
  @Option(names = "--fault-every", defaultValue = "10", description = "mean seconds between faults (default ${DEFAULT-VALUE})")
  double faultEverySeconds;
  @Option(names = "--push-rate", defaultValue = "2000", description = "tasks pushed per second (default ${DEFAULT-VALUE})")
  long pushRate;
  @Option(names = "--failure-rate", defaultValue = "0.05", description = "share of runs that fail (default ${DEFAULT-VALUE})")
  double failureRate;
  @Option(names = "--max-work-ms", defaultValue = "20", description = "a run works 0 to this many ms (default ${DEFAULT-VALUE})")
  int maxWorkMillis;
  @Option(names = "--timeout", defaultValue = "7200", description = "seconds after which the run stops and is checked as it is (default ${DEFAULT-VALUE})")
  long timeoutSeconds;
  @Option(names = "--dir", description = "where histories, worker logs and the report go (default target/chaos-<backend>-<seed>)")
  Path directory;

  @Override
  public Integer call() throws Exception {
    long seedOfRun = seed != null ? seed : System.currentTimeMillis();
    Path dir = directory != null ? directory : Path.of("target", "chaos-" + backend + "-" + seedOfRun);
    Files.createDirectories(dir);
    clearEarlierRun(dir);
    try (PrintStream report = new PrintStream(new FileOutputStream(dir.resolve("report.txt").toFile()), true)) {
      PrintStream out = new Tee(System.out, report);
      return run(seedOfRun, dir, out);
    }
  }

  private int run(long seedOfRun, Path dir, PrintStream out) throws Exception {
    long first = Math.round(firstFaultSeconds * 1000);
    long every = Math.round(faultEverySeconds * 1000);
    ChaosQueue queue = new ChaosQueue(backend, dbUrl, dbUser, System.getenv(PASSWORD_VARIABLE));
    out.printf("fetchq-chaos run at %s: backend %s, %d tasks, %d workers x %d threads, seed %d, faults from %.1fs every ~%.1fs,"
            + " failure rate %.2f, work 0-%d ms, push %d/s, lock %s, directory %s%n", Instant.now(), backend, tasks, workers,
        concurrency, seedOfRun, firstFaultSeconds, faultEverySeconds, failureRate, maxWorkMillis, pushRate,
        ChaosQueue.LOCK, dir.toAbsolutePath());
    out.printf("repeat with: run --backend %s --tasks %d --workers %d --concurrency %d --seed %d --first-fault %s"
            + " --fault-every %s --push-rate %d --failure-rate %s --max-work-ms %d --db-url %s%s%n", backend, tasks, workers,
        concurrency, seedOfRun, firstFaultSeconds, faultEverySeconds, pushRate, failureRate, maxWorkMillis, dbUrl,
        restartCommand == null ? "" : " --pg-restart-command '" + restartCommand + "'");
    out.println("fault schedule (first " + 2 * FaultKind.values().length + "): "
        + FaultSchedule.preview(seedOfRun, workers, first, every, 2 * FaultKind.values().length));
    recreateSchema(queue);

    List<FaultResult> results = new ArrayList<>();
    long began = System.currentTimeMillis();
    boolean timedOut = false;
    QueueStats counters;
    List<Sample> samples;
    int unexpectedExits;
    long failedPushBatches;
    try (Fetchq fetchq = Fetchq.builder().config(queue.config("orchestrator", 4, false))
        .queue(ChaosQueue.NAME, q -> q.maxAttempts(ChaosQueue.MAX_ATTEMPTS).lock(ChaosQueue.LOCK)).build()) {
      fetchq.start();
      Queue chaos = fetchq.queue(ChaosQueue.NAME);
      List<String> workerArguments = List.of("--backend=" + backend, "--db-url=" + dbUrl, "--db-user=" + dbUser,
          "--concurrency=" + concurrency, "--failure-rate=" + failureRate, "--max-work-ms=" + maxWorkMillis);
      WorkerProcesses processes = new WorkerProcesses(workers, workerArguments, dir, queue.dbPassword());
      ThroughputSampler sampler = new ThroughputSampler(chaos);
      TaskPusher pusher = new TaskPusher(chaos, tasks, 500, pushRate);
      try {
        FaultInjector injector = new FaultInjector(queue, processes, restartCommand);
        FaultSchedule schedule = new FaultSchedule(seedOfRun, workers, first, every);
        Map<FaultKind, Integer> struck = new EnumMap<>(FaultKind.class);
        Fault next = schedule.next();
        long lastProgressLine = began;
        long faultClock = 0;
        while (true) {
          long now = System.currentTimeMillis();
          Sample latest = sampler.latest();
          if (faultClock == 0 && latest != null && latest.processed() > 0) {
            faultClock = now;
            out.printf("%6.1fs the first runs ended: the fault schedule's clock starts%n", (now - began) / 1000.0);
          }
          boolean drained = pusher.done() && latest != null && latest.finished() >= tasks;
          if (drained && struck.size() == FaultKind.values().length) {
            break;
          }
          if (now - began > timeoutSeconds * 1000) {
            timedOut = true;
            out.println("TIMED OUT after " + timeoutSeconds + " s; stopping and checking as it is");
            break;
          }
          if (now - lastProgressLine >= 10_000 && latest != null) {
            lastProgressLine = now;
            out.printf("%6.1fs pushed %d, runs ended %d, tasks finished %d%n", (now - began) / 1000.0, pusher.pushed(),
                latest.processed(), latest.finished());
          }
          if (faultClock > 0 && now - faultClock >= next.atMillis()) {
            FaultResult result = injector.apply(next);
            results.add(result);
            struck.merge(next.kind(), 1, Integer::sum);
            out.printf("%6.1fs fault %s: %s (%d ms)%n", (result.startMillis() - began) / 1000.0, next, result.detail(),
                result.endMillis() - result.startMillis());
            next = schedule.next();
            continue;
          }
          Thread.sleep(50);
        }
        out.printf("%6.1fs stopping the workers%n", (System.currentTimeMillis() - began) / 1000.0);
      } finally {
        pusher.stop();
        processes.stop();
        sampler.stop();
      }
      samples = sampler.samples();
      unexpectedExits = processes.unexpectedExits();
      failedPushBatches = pusher.failedBatches();
      counters = statsOf(chaos);
    }
    long ended = System.currentTimeMillis();

    History history = History.read(dir);
    QueueRows rows = QueueRows.read(queue);
    CheckReport check = HistoryChecker.check(tasks, TaskPusher::subjectOf, history, rows, counters);
    out.println();
    out.printf("run took %.1f s; %d runs ended, %.0f runs/s; push batches retried %d;"
            + " worker JVMs that exited by themselves (a start that met a fault: see their logs) %d%n",
        (ended - began) / 1000.0, counters.processed(), counters.processed() * 1000.0 / Math.max(1, ended - began),
        failedPushBatches, unexpectedExits);
    printFaults(out, results, samples);
    printThroughput(out, samples, began);
    check.print(out);
    return check.passed() && !timedOut ? 0 : 1;
  }

  /** Deletes the histories and logs an earlier run left in {@code dir}: the checker reads every history there. */
  private static void clearEarlierRun(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("history-") || name.startsWith("worker-") || name.equals("report.txt")) {
          Files.delete(file);
        }
      }
    }
  }

  private void recreateSchema(ChaosQueue queue) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", queue.dbUser());
    if (queue.dbPassword() != null) {
      properties.setProperty("password", queue.dbPassword());
    }
    try (Connection c = DriverManager.getConnection(queue.urlFor("admin"), properties);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + queue.schema() + " CASCADE");
    }
  }

  private static QueueStats statsOf(Queue queue) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return queue.stats();
      } catch (RuntimeException e) {
        if (attempt == 50) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static void printFaults(PrintStream out, List<FaultResult> results, List<Sample> samples) {
    out.println("faults (recovered: from the fault's start until runs ended again after it was over;"
        + " stopped: the longest time without an ended run):");
    Map<FaultKind, List<Recovery>> byKind = new EnumMap<>(FaultKind.class);
    for (FaultResult result : results) {
      Recovery recovery = Recovery.of(result, samples);
      byKind.computeIfAbsent(result.fault().kind(), k -> new ArrayList<>()).add(recovery);
      out.printf("  %s: %s; lasted %d ms, recovered after %s, stopped %d ms%n", result.fault(), result.detail(),
          result.endMillis() - result.startMillis(),
          recovery.recoveredAfterMillis() < 0 ? "n/a (queue drained)" : recovery.recoveredAfterMillis() + " ms",
          recovery.longestStopMillis());
    }
    out.println("by kind: count, applied, recovered after (max ms), stopped (max ms)");
    for (var entry : byKind.entrySet()) {
      List<Recovery> list = entry.getValue();
      out.printf("  %-22s %d, %d, %d, %d%n", entry.getKey(), list.size(),
          list.stream().filter(r -> r.result().applied()).count(),
          list.stream().mapToLong(Recovery::recoveredAfterMillis).max().orElse(0),
          list.stream().mapToLong(Recovery::longestStopMillis).max().orElse(0));
    }
  }

  private static void printThroughput(PrintStream out, List<Sample> samples, long began) {
    out.println("throughput (runs ended per second, by 5 s):");
    StringBuilder line = new StringBuilder(" ");
    Sample from = null;
    for (Sample s : samples) {
      if (from == null) {
        from = s;
      } else if (s.atMillis() - from.atMillis() >= 5_000) {
        line.append(String.format(" %d:%.0f", (from.atMillis() - began) / 1000,
            (s.processed() - from.processed()) * 1000.0 / (s.atMillis() - from.atMillis())));
        from = s;
      }
    }
    out.println(line);
  }

  /** Prints to the console and the report file at once. */
  private static final class Tee extends PrintStream {
    private final PrintStream second;

    Tee(PrintStream first, PrintStream second) {
      super(first, true);
      this.second = second;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
      super.write(buffer, offset, length);
      second.write(buffer, offset, length);
    }

    @Override
    public void flush() {
      super.flush();
      second.flush();
    }
  }
}
