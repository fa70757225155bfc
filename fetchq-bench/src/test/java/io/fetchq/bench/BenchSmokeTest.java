package io.fetchq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.tck.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs every workload once at a tiny size, so that the benchmark cannot rot. It checks that each
 * printed its JSON result with the expected fields and sane values; it never checks speed.
 */
class BenchSmokeTest {

  @Test
  void pushOneByOneAndInBatches() {
    List<String> results = results(run("push", "--tasks", "200", "--batch", "50"));
    assertThat(results).hasSize(2);
    assertThat(results.get(0)).contains("\"variant\":\"one-by-one\"");
    assertThat(results.get(1)).contains("\"variant\":\"batch-50\"");
    results.forEach(r -> assertSane(r, 200));
  }

  @Test
  void comparesWithBothFloorsAndRunsColdInAFreshJvm() {
    String out = run(false, "push", "--tasks", "200", "--batch", "50", "--modes", "batch", "--floor", "both");
    List<String> results = results(out);
    assertThat(results).hasSize(1);
    String result = results.get(0);
    assertSane(result, 200);
    assertThat(result).contains("\"floor\":\"pgbench\"");
    assertThat(number(result, "jdbcFloorRate")).isPositive();
    assertThat(number(result, "coldRate")).isPositive();
    assertThat(number(result, "coldRatio")).isPositive();
    assertThat(number(result, "coldPeakRssBytes")).as("the fresh JVM's whole peak").isGreaterThan(20L << 20);
    assertThat(out.lines().filter(l -> l.startsWith("{\"type\":\"run\"")))
        .extracting(l -> l.replaceAll(".*\"backend\":\"([^\"]+)\",\"impl\":\"([^\"]+)\".*", "$2/$1"))
        .containsExactly("fetchq-warmup/postgres", "floor/pgbench", "floor/jdbc", "fetchq-cold/postgres",
            "fetchq/postgres");
    String pgbenchRun = out.lines().filter(l -> l.contains("\"backend\":\"pgbench\"")).findFirst().orElseThrow();
    assertThat(number(pgbenchRun, "pgbenchTransactions")).as("200 tasks in batches of 50").isEqualTo(4);
  }

  @Test
  void pgbenchFloorDrainsEveryTaskWithASleepingHandler() {
    List<String> results = results(run("drain", "--tasks", "50", "--workers", "4", "--batch", "5", "--sleep", "2ms",
        "--floor", "pgbench", "--finished", "20"));
    assertThat(results).hasSize(1);
    assertSane(results.get(0), 50);
    assertThat(results.get(0)).contains("\"floor\":\"pgbench\"");
  }

  @Test
  void pushInTheApplicationsTransaction() {
    List<String> results = results(run("push", "--tasks", "100", "--modes", "tx"));
    assertThat(results).hasSize(1);
    assertThat(results.get(0)).contains("\"variant\":\"in-transaction\"");
    assertSane(results.get(0), 100);
  }

  @Test
  void everyRunSaysWhichServerAndSettingsItRanOn() {
    String out = run("push", "--tasks", "20", "--batch", "10");
    List<String> servers = out.lines().filter(l -> l.startsWith("{\"type\":\"server\"")).toList();
    assertThat(servers).hasSize(1);
    assertThat(servers.get(0))
        .contains("\"server_version\":\"" + TestDatabase.get().version() + "\"")
        .containsPattern("\"autovacuum\":\"(on|off)\"")
        .contains("\"synchronous_commit\":", "\"shared_buffers\":", "\"clientCores\":");
  }

  @Test
  void drainBesideFinishedTasksCountingStatements() {
    String out = run("drain", "--tasks", "300", "--finished", "200", "--concurrency", "2", "--batch", "10",
        "--count-statements");
    List<String> results = results(out);
    assertThat(results).hasSize(1);
    assertSane(results.get(0), 300);
    assertThat(number(results.get(0), "handled")).isEqualTo(300);
    assertThat(results.get(0)).contains("\"statements\":{").contains("\"pick\":{").contains("\"settle\":{");
    assertThat(out).contains("\"type\":\"note\"").contains("COMPLETED");
  }

  @Test
  void drainWithASleepingHandler() {
    List<String> results = results(run("drain", "--tasks", "100", "--workers", "8", "--batch", "5", "--sleep", "5ms"));
    assertThat(results).hasSize(1);
    assertThat(results.get(0)).contains("\"variant\":\"c8-b5-sleep5ms\"");
    assertSane(results.get(0), 100);
  }

  @Test
  void drainOnThePartitionedBackend() {
    List<String> results = results(run("drain", "--storage", "partitioned", "--tasks", "200", "--concurrency", "2",
        "--batch", "10"));
    assertThat(results).hasSize(1);
    assertSane(results.get(0), 200, "partitioned");
  }

  @Test
  void mixedReportsLatencies() {
    List<String> results = results(run("mixed", "--tasks", "200", "--rate", "400", "--producers", "2",
        "--concurrency", "2", "--batch", "5"));
    assertThat(results).hasSize(1);
    String result = results.get(0);
    assertSane(result, 200);
    assertThat(number(result, "p50Ms")).isPositive();
    assertThat(number(result, "p99Ms")).isGreaterThanOrEqualTo(number(result, "p50Ms"));
    assertThat(number(result, "floorP99Ms")).isPositive();
    assertThat(number(result, "startP50Ms")).isPositive();
  }

  @Test
  void soakReportsIntervalsAndSizes() {
    String out = run("soak", "--duration", "2s", "--interval", "1s", "--rate", "100", "--concurrency", "2");
    List<String> results = results(out);
    assertThat(results).hasSize(1);
    String result = results.get(0);
    assertThat(number(result, "tasks")).isPositive();
    assertThat(number(result, "rate")).isPositive();
    assertThat(number(result, "bytesAtEnd")).isPositive();
    assertThat(out.lines().filter(l -> l.contains("\"type\":\"interval\""))).hasSize(4);
  }

  @Test
  void dashboardTimesEveryPage() {
    String out = run("dashboard", "--tasks", "3000", "--killed", "20", "--requests", "2", "--deep", "1");
    List<String> results = out.lines().filter(l -> l.startsWith("{\"type\":\"result\",\"workload\":\"dashboard\"")).toList();
    assertThat(results).hasSize(8);
    assertThat(results).allSatisfy(l -> assertThat(number(l, "medianMs")).isPositive());
    assertThat(out).contains("| KILLED, first page of 50 |");
  }

  @Test
  void volumeComparesBothBackends() {
    String out = run("volume", "--tasks", "3000", "--finished", "1600", "--retire", "1500", "--push-one", "20",
        "--push-batched", "2000");
    for (String backend : List.of("postgres", "partitioned")) {
      List<String> steps = out.lines()
          .filter(l -> l.startsWith("{\"type\":\"volume\",\"backend\":\"" + backend + "\"")).toList();
      assertThat(steps).extracting(l -> l.replaceAll(".*\"step\":\"([^\"]+)\".*", "$1")).containsExactly(
          "load", "size after load", "push one by one", "push batches of 1000", "maintenance pass", "drain c4 b100",
          "retire finished", "size after retire", "vacuum after retire", "size after vacuum");
      assertThat(number(steps.get(0), "tasks")).isEqualTo(3000);
      assertThat(number(steps.get(2), "runs")).as("push rounds, as --runs says").isEqualTo(1);
      assertThat(number(steps.get(5), "tasks")).as("the due tasks drained").isEqualTo(30);
      assertThat(number(steps.get(6), "tasks")).as("retired: every one past the retention")
          .isEqualTo(number(steps.get(0), "pastRetention")).isPositive();
      assertThat(number(steps.get(6), "completedAfter"))
          .isEqualTo(number(steps.get(6), "completedBefore") - number(steps.get(6), "tasks"));
      assertThat(number(steps.get(1), "bytes")).isPositive();
    }
    assertThat(out).contains("ratio = partitioned/postgres");
  }

  /** Runs {@code workload} once against the floor, with no warm-up and no cold run. */
  private static String run(String... workload) {
    return run(true, workload);
  }

  private static String run(boolean warmOnly, String... workload) {
    TestDatabase.Info db = TestDatabase.get();
    List<String> args = new ArrayList<>(List.of(workload));
    if (warmOnly) {
      args.addAll(List.of("--warmup", "0", "--no-cold"));
    }
    args.addAll(List.of("--runs", "1", "--db-url", db.jdbcUrl(), "--db-user", db.user(),
        "--db-password", db.password() == null ? "" : db.password()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Bench.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    assertThat(exit).as("exit code; stderr:%n%s%nstdout:%n%s", err, out).isZero();
    return out.toString();
  }

  private static List<String> results(String out) {
    return out.lines().filter(l -> l.startsWith("{\"type\":\"result\"")).toList();
  }

  /** The fields every result has, with the task count asked for and positive rates. */
  private static void assertSane(String result, long tasks) {
    assertSane(result, tasks, "postgres");
  }

  private static void assertSane(String result, long tasks, String backend) {
    assertThat(result).contains("\"backend\":\"" + backend + "\"");
    assertThat(number(result, "tasks")).isEqualTo(tasks);
    assertThat(number(result, "seconds")).isPositive();
    assertThat(number(result, "rate")).isPositive();
    assertThat(number(result, "floorRate")).isPositive();
    assertThat(number(result, "ratio")).isPositive();
    assertThat(number(result, "peakHeapBytes")).isPositive();
    assertThat(result).contains("\"peakRssBytes\":", "\"p50Ms\":", "\"p99Ms\":");
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(json);
    assertThat(m.find()).as("numeric field %s in %s", field, json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
