package io.fetchq.bench;

import io.fetchq.NewTask;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every workload shares: the target, the interleaved runs of floor and Fetchq (each in a fresh
 * schema, dropped afterwards), the JSON lines and the table at the end.
 */
abstract class Workload implements Callable<Integer> {
  static final String QUEUE = "bench";

  @Mixin Target target;
  @Spec CommandSpec spec;

  private final List<Report.Comparison> results = new ArrayList<>();

  /** One run of one side: set up in {@code schema}, time the measured part with {@code timer}. */
  interface Side {
    Timer.Measurement run(String schema, Timer timer) throws Exception;
  }

  /** Runs every variant of the workload through {@link #compare}. */
  abstract void execute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    if (target.isColdChild()) {
      execute();
      return 0;
    }
    server();
    execute();
    table();
    return 0;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * A line that says which server the results come from ({@code "type":"server"}): its version and
   * the settings that change them, autovacuum first among them, and the cores of this machine.
   */
  private void server() throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "server");
    json.put("workload", spec.name());
    json.putAll(target.serverSettings());
    json.put("clientCores", Runtime.getRuntime().availableProcessors());
    out().println(Json.of(json));
    out().flush();
  }

  /** A line that says how a run is set up, as JSON ({@code "type":"note"}). */
  void note(String text) {
    if (target.isColdChild()) {
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "note");
    json.put("workload", spec.name());
    json.put("note", text);
    out().println(Json.of(json));
    out().flush();
  }

  /**
   * The floors a workload variant can be compared with: {@code jdbc} always, {@code pgbench} (the
   * same SQL driven by pgbench) where the workload has one, else null.
   */
  record Floors(Side jdbc, Side pgbench) {}

  /** {@link #compare(String, long, Floors, Side)} with the JDBC floor only. */
  Report.Comparison compare(String variant, long expected, Side floor, Side fetchq) throws Exception {
    return compare(variant, expected, new Floors(floor, null), fetchq);
  }

  /**
   * Runs the floor and Fetchq in turn, {@code --runs} rounds, and reports their medians. Before the
   * rounds, {@code --warmup} Fetchq runs warm this JVM up (not counted). Each round runs the floor
   * (pgbench's, JDBC's or both, as {@code --floor} says), Fetchq in a fresh JVM (with
   * {@code --cold}) and Fetchq in this one.
   *
   * @param expected the tasks each run must count, or -1 when it varies (soak)
   * @return the comparison, or null in the fresh JVM of a cold run, which runs one variant only
   */
  Report.Comparison compare(String variant, long expected, Floors floors, Side fetchq) throws Exception {
    if (target.isColdChild()) {
      if (variant.equals(target.coldChild)) {
        measure(variant, "fetchq", target.storage, 1, expected, fetchq);
      }
      return null;
    }
    boolean pgbench = floors.pgbench() != null && target.floor.runsPgbench();
    boolean jdbc = !pgbench || target.floor.runsJdbc();
    for (int run = 1; run <= target.warmup; run++) {
      measure(variant, "fetchq-warmup", target.storage, run, expected, fetchq);
    }
    List<Report> pgbenchRuns = new ArrayList<>();
    List<Report> jdbcRuns = new ArrayList<>();
    List<Report> coldRuns = new ArrayList<>();
    List<Report> warmRuns = new ArrayList<>();
    for (int run = 1; run <= target.runs; run++) {
      if (pgbench) {
        pgbenchRuns.add(measure(variant, "floor", "pgbench", run, expected, floors.pgbench()));
      }
      if (jdbc) {
        jdbcRuns.add(measure(variant, "floor", "jdbc", run, expected, floors.jdbc()));
      }
      if (target.cold) {
        coldRuns.add(checked(ColdRun.run(spec, variant, run), expected));
      }
      warmRuns.add(measure(variant, "fetchq", target.storage, run, expected, fetchq));
    }
    Report.Comparison result = pgbench
        ? Report.Comparison.of("pgbench", pgbenchRuns, jdbcRuns, coldRuns, warmRuns)
        : Report.Comparison.of("jdbc", jdbcRuns, List.of(), coldRuns, warmRuns);
    out().println(result.toJson());
    out().flush();
    results.add(result);
    return result;
  }

  private Report measure(String variant, String impl, String backend, int run, long expected, Side side)
      throws Exception {
    String schema = target.newSchema(spec.name(), impl);
    // a run stopped with Ctrl-C leaves no schema behind either
    Thread dropOnExit = new Thread(() -> {
      try {
        target.dropSchema(schema);
      } catch (Exception e) {
        System.err.println("could not drop schema " + schema + ": " + e.getMessage());
      }
    }, "bench-drop-" + schema);
    Runtime.getRuntime().addShutdownHook(dropOnExit);
    try {
      // a cold run's peaks are its whole process's, start-up included
      Timer timer = new Timer(!target.isColdChild());
      Report report = Report.of(spec.name(), variant, backend, impl, run, side.run(schema, timer));
      out().println(report.toJson());
      out().flush();
      return checked(report, expected);
    } finally {
      target.dropSchema(schema);
      try {
        Runtime.getRuntime().removeShutdownHook(dropOnExit);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook drops the schema again, which does nothing
      }
    }
  }

  private Report checked(Report report, long expected) {
    if (expected >= 0 && report.tasks() != expected) {
      throw new IllegalStateException(report.impl() + " " + spec.name() + " " + report.variant() + " counted "
          + report.tasks() + " tasks, not " + expected);
    }
    return report;
  }

  private void table() {
    PrintWriter out = out();
    String format = "%-8s %-22s %9s %10s %10s %10s %6s %6s %8s %8s %8s %8s%n";
    out.println();
    out.printf(Locale.ROOT, format, "workload", "variant", "tasks", "fetchq/s", "cold/s", "floor/s", "ratio",
        "cold", "p50 ms", "p99 ms", "RSS MB", "cold RSS");
    for (Report.Comparison r : results) {
      out.printf(Locale.ROOT, format, r.workload(), r.variant(), r.tasks(), number(r.rate(), 0),
          number(r.coldRate(), 0), number(r.floorRate(), 0), number(r.ratio(), 2), number(r.coldRatio(), 2),
          number(r.p50Ms(), 1), number(r.p99Ms(), 1), number(r.peakRssBytes() / 1048576.0, 0),
          number(r.coldPeakRssBytes() / 1048576.0, 0));
    }
    out.printf(Locale.ROOT, "(medians of %d interleaved rounds; ratio = fetchq/floor rate, warmed up; cold = a fresh"
        + " JVM per run; floor = %s where the workload has it, else jdbc; peaks are fetchq's highest)%n",
        target.runs, target.floor);
    out.flush();
  }

  private static String number(double value, int decimals) {
    return Double.isNaN(value) || value < 0 ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  // ------------------------------------------------------------------ shared by the workloads

  static String subject(String prefix, long i) {
    return prefix + "-" + i;
  }

  static String payload(long i) {
    return "{\"n\":" + i + "}";
  }

  static NewTask task(long i) {
    return NewTask.of(subject("task", i)).payload(payload(i));
  }

  static void sleep(Duration duration) throws InterruptedException {
    if (!duration.isZero()) {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
  }

  /** Reads {@code 50ms}, {@code 2s}, {@code 5m}, a plain number of milliseconds, or ISO-8601 ({@code PT2S}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      if (t.startsWith("p")) {
        return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
      return Duration.ofMillis(Long.parseLong(t));
    }
  }
}
