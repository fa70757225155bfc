package io.fetchq.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured run: of Fetchq ({@code impl = "fetchq"}) through its public API, or of the floor
 * ({@code impl = "floor"}), the same work as bare JDBC statements on a plain table.
 */
record Report(
    String workload,
    String variant,
    String backend,
    String impl,
    int run,
    long tasks,
    double seconds,
    double rate,
    double p50Ms,
    double p99Ms,
    long peakHeapBytes,
    long peakRssBytes,
    Map<String, Object> extra) {

  static Report of(String workload, String variant, String backend, String impl, int run, Timer.Measurement m) {
    double rate = m.seconds() > 0 ? m.tasks() / m.seconds() : Double.NaN;
    return new Report(workload, variant, backend, impl, run, m.tasks(), m.seconds(), rate, m.p50Ms(), m.p99Ms(),
        m.peakHeap(), m.peakRss(), m.extra() == null ? Map.of() : m.extra());
  }

  String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "run");
    json.put("workload", workload);
    json.put("variant", variant);
    json.put("backend", backend);
    json.put("impl", impl);
    json.put("run", run);
    json.put("tasks", tasks);
    json.put("seconds", seconds);
    json.put("rate", rate);
    json.put("p50Ms", p50Ms);
    json.put("p99Ms", p99Ms);
    json.put("peakHeapBytes", peakHeapBytes);
    json.put("peakRssBytes", peakRssBytes);
    json.putAll(extra);
    return Json.of(json);
  }

  /**
   * The result of one workload variant: the medians of Fetchq's runs and of the floor's runs, and
   * Fetchq's rate as a share of the floor's. Peaks are the highest of Fetchq's runs; {@code extra}
   * comes from Fetchq's median run.
   */
  record Comparison(
      String workload,
      String variant,
      String backend,
      int runs,
      long tasks,
      double seconds,
      double rate,
      double floorRate,
      double ratio,
      double p50Ms,
      double p99Ms,
      double floorP50Ms,
      double floorP99Ms,
      long peakHeapBytes,
      long peakRssBytes,
      Map<String, Object> extra) {

    static Comparison of(List<Report> floor, List<Report> ours) {
      Report median = medianRun(ours);
      double rate = median(ours, Report::rate);
      double floorRate = median(floor, Report::rate);
      return new Comparison(
          median.workload(),
          median.variant(),
          median.backend(),
          ours.size(),
          median.tasks(),
          median(ours, Report::seconds),
          rate,
          floorRate,
          rate / floorRate,
          median(ours, Report::p50Ms),
          median(ours, Report::p99Ms),
          median(floor, Report::p50Ms),
          median(floor, Report::p99Ms),
          ours.stream().mapToLong(Report::peakHeapBytes).max().orElse(-1),
          ours.stream().mapToLong(Report::peakRssBytes).max().orElse(-1),
          median.extra());
    }

    String toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("type", "result");
      json.put("workload", workload);
      json.put("variant", variant);
      json.put("backend", backend);
      json.put("runs", runs);
      json.put("tasks", tasks);
      json.put("seconds", seconds);
      json.put("rate", rate);
      json.put("floorRate", floorRate);
      json.put("ratio", ratio);
      json.put("p50Ms", p50Ms);
      json.put("p99Ms", p99Ms);
      json.put("floorP50Ms", floorP50Ms);
      json.put("floorP99Ms", floorP99Ms);
      json.put("peakHeapBytes", peakHeapBytes);
      json.put("peakRssBytes", peakRssBytes);
      json.putAll(extra);
      return Json.of(json);
    }
  }

  private static Report medianRun(List<Report> runs) {
    List<Report> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Report::rate));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static double median(List<Report> runs, java.util.function.ToDoubleFunction<Report> value) {
    double[] values = runs.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }
}
