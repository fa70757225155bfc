package io.fetchq.bench;

import io.fetchq.Action;
import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.core.FetchqConfig;
import io.fetchq.spi.MaintenanceResult;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Issue 6: the backends side by side on one large queue. For each backend in turn, a queue is
 * loaded by SQL with {@code --tasks} tasks (1% due, the rest finished or planned; see {@link
 * VolumeLoad}), and then measured through the public API: push one by one, push in batches,
 * drain of the due tasks, a maintenance pass, retiring the finished tasks past a one-day
 * retention; and table plus index size. Each step prints a JSON line; a table of both backends
 * and their ratio closes.
 */
@Command(name = "volume", mixinStandardHelpOptions = true,
    description = "Issue 6: load a large queue on each backend and measure push, drain, maintenance, retiring and size.")
final class VolumeWorkload implements Callable<Integer> {
  @Mixin Target target;
  @Spec CommandSpec spec;

  @Option(names = "--tasks", defaultValue = "10000000", description = "Tasks loaded (default: ${DEFAULT-VALUE}).")
  long tasks;

  @Option(names = "--finished", defaultValue = "5500000",
      description = "About this many of them COMPLETED (default: ${DEFAULT-VALUE}).")
  long finished;

  @Option(names = "--retire", defaultValue = "5000000",
      description = "About this many of the COMPLETED past the retention (default: ${DEFAULT-VALUE}).")
  long retire;

  @Option(names = "--backends", defaultValue = "postgres,partitioned", split = ",",
      description = "Backends, in order (default: ${DEFAULT-VALUE}).")
  List<String> backends;

  @Option(names = "--push-one", defaultValue = "3000",
      description = "Tasks pushed one by one, per run (default: ${DEFAULT-VALUE}).")
  int pushOne;

  @Option(names = "--push-batched", defaultValue = "100000",
      description = "Tasks pushed in batches of 1,000, per run (default: ${DEFAULT-VALUE}).")
  int pushBatched;

  @Option(names = "--concurrency", defaultValue = "4", description = "Drain handlers (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--batch", defaultValue = "100", description = "Drain batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--limit", defaultValue = "10000",
      description = "fetchq.maintenance.limit for the maintenance and retire passes (default: ${DEFAULT-VALUE}).")
  int limit;

  private final Map<String, Map<String, Double>> results = new LinkedHashMap<>();

  /** One backend's loaded queue. */
  private record Side(String backend, String schema, VolumeLoad.Counts loaded) {}

  /**
   * Loads every backend first, then runs each step on every backend in turn, so that the two sides
   * of each step are measured minutes apart rather than a whole load apart.
   */
  @Override
  public Integer call() throws Exception {
    List<String> schemas = new ArrayList<>();
    Thread dropOnExit = new Thread(() -> schemas.forEach(this::dropQuietly), "bench-drop-volume");
    Runtime.getRuntime().addShutdownHook(dropOnExit);
    try {
      List<Side> sides = new ArrayList<>();
      for (String backend : backends) {
        String schema = target.newSchema("volume", backend);
        schemas.add(schema);
        sides.add(load(backend, schema));
      }
      for (Side side : sides) {
        warmUp(side);
      }
      Map<Side, List<Double>> oneByOne = new LinkedHashMap<>();
      Map<Side, List<Double>> batched = new LinkedHashMap<>();
      Map<Side, List<Double>> passes = new LinkedHashMap<>();
      for (int round = 0; round < target.runs; round++) {
        for (Side side : sides) {
          oneByOne.computeIfAbsent(side, k -> new ArrayList<>()).add(pushOneByOne(side, round));
        }
        for (Side side : sides) {
          batched.computeIfAbsent(side, k -> new ArrayList<>()).add(pushBatched(side, round));
        }
        for (Side side : sides) {
          passes.computeIfAbsent(side, k -> new ArrayList<>()).add(maintenancePass(side));
        }
      }
      for (Side side : sides) {
        step(side.backend(), "push one by one", pushOne, pushOne / median(oneByOne.get(side)),
            Map.of("runs", target.runs, "ratesPerRun", oneByOne.get(side)));
        step(side.backend(), "push batches of 1000", pushBatched, pushBatched / median(batched.get(side)),
            Map.of("runs", target.runs, "ratesPerRun", batched.get(side)));
        step(side.backend(), "maintenance pass", 1, median(passes.get(side)),
            Map.of("runs", target.runs, "secondsPerRun", passes.get(side)));
      }
      for (Side side : sides) {
        drain(side);
      }
      for (Side side : sides) {
        retire(side);
      }
    } finally {
      schemas.forEach(this::dropQuietly);
      try {
        Runtime.getRuntime().removeShutdownHook(dropOnExit);
      } catch (IllegalStateException e) {
        // shutting down: the hook drops them again, which does nothing
      }
    }
    table();
    return 0;
  }

  private void dropQuietly(String schema) {
    try {
      target.dropSchema(schema);
    } catch (Exception e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }

  private FetchqConfig config(String backend) {
    return FetchqConfig.load().withStorage(backend)
        .with("fetchq.maintenance.enabled", "false")
        .with("fetchq.maintenance.limit", Integer.toString(limit));
  }

  private Target.Client client(Side side) {
    return target.open(side.schema(), config(side.backend()), b -> b.queue(Workload.QUEUE));
  }

  private Side load(String backend, String schema) throws Exception {
    VolumeLoad.Counts loaded;
    try (Target.Client client = target.open(schema, config(backend), b -> b.queue(Workload.QUEUE))) {
      long start = System.nanoTime();
      try (Connection c = target.connect()) {
        loaded = VolumeLoad.of(backend, Workload.QUEUE).load(c, schema, tasks, finished, retire);
      }
      target.vacuumAnalyze(schema);
      step(backend, "load", loaded.total(), seconds(start), Map.of("pending", loaded.pending(),
          "planned", loaded.planned(), "completed", loaded.completed(), "pastRetention", loaded.pastRetention()));
    }
    size(backend, "size after load", schema);
    return new Side(backend, schema, loaded);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** A push of each kind and a maintenance pass, unmeasured, so that no measured run pays the first. */
  private void warmUp(Side side) {
    try (Target.Client client = client(side)) {
      Queue queue = client.fetchq().queue(Workload.QUEUE);
      for (int i = 0; i < 200; i++) {
        queue.push(NewTask.of("warm-" + i).payload(Workload.payload(i)).in(Duration.ofDays(1)));
      }
      queue.pushAll(IntStream.range(0, 1000)
          .mapToObj(i -> NewTask.of("warm-batch-" + i).payload(Workload.payload(i)).in(Duration.ofDays(1))).toList());
      client.fetchq().runMaintenance();
    }
  }

  /** Planned tasks (due in a day), so that the due tasks stay the loaded ones; returns the rate. */
  private double pushOneByOne(Side side, int round) {
    try (Target.Client client = client(side)) {
      Queue queue = client.fetchq().queue(Workload.QUEUE);
      long start = System.nanoTime();
      for (int i = 0; i < pushOne; i++) {
        queue.push(NewTask.of("one-" + round + "-" + i).payload(Workload.payload(i)).in(Duration.ofDays(1)));
      }
      return pushOne / seconds(start);
    }
  }

  private double pushBatched(Side side, int round) {
    try (Target.Client client = client(side)) {
      Queue queue = client.fetchq().queue(Workload.QUEUE);
      List<NewTask> chunk = new ArrayList<>(1000);
      long start = System.nanoTime();
      for (int i = 0; i < pushBatched; i++) {
        chunk.add(NewTask.of("many-" + round + "-" + i).payload(Workload.payload(i)).in(Duration.ofDays(1)));
        if (chunk.size() == 1000 || i == pushBatched - 1) {
          queue.pushAll(chunk);
          chunk.clear();
        }
      }
      return pushBatched / seconds(start);
    }
  }

  /** Every job over the queue, with nothing due for any: what a pass costs at this volume; seconds. */
  private double maintenancePass(Side side) {
    try (Target.Client client = client(side)) {
      client.fetchq().runMaintenance();
      long start = System.nanoTime();
      MaintenanceResult pass = client.fetchq().runMaintenance();
      if (!pass.equals(MaintenanceResult.NOTHING)) {
        throw new IllegalStateException("a maintenance pass found work on " + side.backend() + ": " + pass);
      }
      return seconds(start);
    }
  }

  private void drain(Side side) throws Exception {
    try (Target.Client client = target.open(side.schema(), config(side.backend()), b -> b.queue(Workload.QUEUE)
        .worker(Workload.QUEUE, (task, context) -> Action.complete(), w -> w.concurrency(concurrency).batch(batch)))) {
      Queue queue = client.fetchq().queue(Workload.QUEUE);
      QueueStats before = queue.stats();
      Timer timer = new Timer();
      timer.start();
      client.fetchq().start();
      QueueStats after = DrainWorkload.awaitCompleted(
          queue, before.completed() + before.pending(), timer, Duration.ofMinutes(30));
      timer.stop();
      step(side.backend(), "drain c" + concurrency + " b" + batch, after.completed() - before.completed(),
          timer.elapsed(), Map.of());
    }
  }

  /**
   * With the queue's finished retention set to one day, maintenance passes until the tasks past it
   * are retired; then the size, a VACUUM (what the postgres layout needs to reuse the space) and
   * the size again.
   */
  private void retire(Side side) throws Exception {
    try (Target.Client client = target.open(side.schema(), config(side.backend()), b -> b.queue(Workload.QUEUE))) {
      Queue queue = client.fetchq().queue(Workload.QUEUE);
      // the queue exists: declaring it keeps its stored options, an explicit update changes them
      queue.updateOptions(queue.options().finishedRetention(Duration.ofDays(1)));
      long completedBefore = queue.stats().completed();
      long start = System.nanoTime();
      long retired = 0;
      int passes = 0;
      int idle = 0;
      while (retired < side.loaded().pastRetention() && idle < 64) {
        int now = client.fetchq().runMaintenance().retired();
        passes++;
        retired += now;
        idle = now == 0 ? idle + 1 : 0;
      }
      step(side.backend(), "retire finished", retired, seconds(start), Map.of("passes", passes,
          "completedBefore", completedBefore, "completedAfter", queue.stats().completed()));
    }
    size(side.backend(), "size after retire", side.schema());
    long start = System.nanoTime();
    target.vacuumAnalyze(side.schema());
    step(side.backend(), "vacuum after retire", 1, seconds(start), Map.of());
    size(side.backend(), "size after vacuum", side.schema());
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void step(String backend, String step, long count, double seconds, Map<String, Object> extra) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "volume");
    json.put("backend", backend);
    json.put("step", step);
    json.put("tasks", count);
    json.put("seconds", seconds);
    json.put("rate", count / seconds);
    json.putAll(extra);
    print(json);
    results.computeIfAbsent(step, k -> new LinkedHashMap<>()).put(backend, count > 1 ? count / seconds : seconds);
  }

  private void size(String backend, String step, String schema) throws Exception {
    long bytes = target.tableBytes(schema);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "volume");
    json.put("backend", backend);
    json.put("step", step);
    json.put("bytes", bytes);
    print(json);
    results.computeIfAbsent(step, k -> new LinkedHashMap<>()).put(backend, bytes / 1048576.0);
  }

  private void print(Map<String, Object> json) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Json.of(json));
    out.flush();
  }

  private void table() {
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.printf(Locale.ROOT, "%-24s", "step");
    backends.forEach(b -> out.printf(Locale.ROOT, " %14s", b));
    out.printf(Locale.ROOT, " %8s%n", "ratio");
    results.forEach((step, byBackend) -> {
      out.printf(Locale.ROOT, "%-24s", step);
      backends.forEach(b -> out.printf(Locale.ROOT, " %,14.1f", byBackend.getOrDefault(b, Double.NaN)));
      double ratio = backends.size() == 2
          ? byBackend.getOrDefault(backends.get(1), Double.NaN) / byBackend.getOrDefault(backends.get(0), Double.NaN)
          : Double.NaN;
      out.printf(Locale.ROOT, " %8.2f%n", ratio);
    });
    out.println("(tasks per second for counted steps; seconds for single passes; MB for sizes;"
        + " ratio = " + (backends.size() == 2 ? backends.get(1) + "/" + backends.get(0) : "-") + ")");
    out.flush();
  }
}
