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
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "note");
    json.put("workload", spec.name());
    json.put("note", text);
    out().println(Json.of(json));
    out().flush();
  }

  /**
   * Runs floor and Fetchq in turn, {@code --runs} times each, and reports their medians.
   *
   * @param expected the tasks each run must count, or -1 when it varies (soak)
   */
  Report.Comparison compare(String variant, long expected, Side floor, Side fetchq) throws Exception {
    List<Report> floorRuns = new ArrayList<>();
    List<Report> fetchqRuns = new ArrayList<>();
    for (int run = 1; run <= target.runs; run++) {
      floorRuns.add(measure(variant, "floor", "jdbc", run, expected, floor));
      fetchqRuns.add(measure(variant, "fetchq", target.storage, run, expected, fetchq));
    }
    Report.Comparison result = Report.Comparison.of(floorRuns, fetchqRuns);
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
      Timer timer = new Timer();
      Report report = Report.of(spec.name(), variant, backend, impl, run, side.run(schema, timer));
      out().println(report.toJson());
      out().flush();
      if (expected >= 0 && report.tasks() != expected) {
        throw new IllegalStateException(
            impl + " " + spec.name() + " " + variant + " counted " + report.tasks() + " tasks, not " + expected);
      }
      return report;
    } finally {
      target.dropSchema(schema);
      try {
        Runtime.getRuntime().removeShutdownHook(dropOnExit);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook drops the schema again, which does nothing
      }
    }
  }

  private void table() {
    PrintWriter out = out();
    String format = "%-8s %-22s %9s %10s %10s %6s %8s %8s %8s %8s %8s%n";
    out.println();
    out.printf(Locale.ROOT, format, "workload", "variant", "tasks", "fetchq/s", "floor/s", "ratio",
        "p50 ms", "p99 ms", "floor p99", "heap MB", "RSS MB");
    for (Report.Comparison r : results) {
      out.printf(Locale.ROOT, format, r.workload(), r.variant(), r.tasks(), number(r.rate(), 0),
          number(r.floorRate(), 0), number(r.ratio(), 2), number(r.p50Ms(), 1), number(r.p99Ms(), 1),
          number(r.floorP99Ms(), 1), number(r.peakHeapBytes() / 1048576.0, 0),
          number(r.peakRssBytes() / 1048576.0, 0));
    }
    out.printf(Locale.ROOT, "(medians of %d interleaved runs per side; ratio = fetchq/floor rate; peaks are"
        + " fetchq's highest)%n", target.runs);
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
