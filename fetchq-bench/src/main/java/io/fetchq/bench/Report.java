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
   * The result of one workload variant: the medians of Fetchq's warmed-up runs, of its cold runs (each
   * in a fresh JVM) and of the floor's runs, and Fetchq's rates as shares of the floor's. {@code floor}
   * names the floor the ratios are to ({@code pgbench} or {@code jdbc}); {@code jdbcFloorRate} is the
   * JDBC floor's median when both ran. Peaks are the highest of the warmed-up runs and of the cold
   * runs; {@code extra} comes from the warmed-up median run.
   */
  record Comparison(
      String workload,
      String variant,
      String backend,
      String floor,
      int runs,
      long tasks,
      double seconds,
      double rate,
      double floorRate,
      double ratio,
      double coldRate,
      double coldRatio,
      double jdbcFloorRate,
      double p50Ms,
      double p99Ms,
      double floorP50Ms,
      double floorP99Ms,
      long peakHeapBytes,
      long peakRssBytes,
      long coldPeakHeapBytes,
      long coldPeakRssBytes,
      Map<String, Object> extra) {

    static Comparison of(String floorName, List<Report> floor, List<Report> jdbcFloor, List<Report> cold,
        List<Report> ours) {
      Report median = medianRun(ours);
      double rate = median(ours, Report::rate);
      double floorRate = median(floor, Report::rate);
      double coldRate = median(cold, Report::rate);
      return new Comparison(
          median.workload(),
          median.variant(),
          median.backend(),
          floorName,
          ours.size(),
          median.tasks(),
          median(ours, Report::seconds),
          rate,
          floorRate,
          rate / floorRate,
          coldRate,
          coldRate / floorRate,
          median(jdbcFloor, Report::rate),
          median(ours, Report::p50Ms),
          median(ours, Report::p99Ms),
          median(floor, Report::p50Ms),
          median(floor, Report::p99Ms),
          peak(ours, Report::peakHeapBytes),
          peak(ours, Report::peakRssBytes),
          peak(cold, Report::peakHeapBytes),
          peak(cold, Report::peakRssBytes),
          median.extra());
    }

    String toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("type", "result");
      json.put("workload", workload);
      json.put("variant", variant);
      json.put("backend", backend);
      json.put("floor", floor);
      json.put("runs", runs);
      json.put("tasks", tasks);
      json.put("seconds", seconds);
      json.put("rate", rate);
      json.put("floorRate", floorRate);
      json.put("ratio", ratio);
      json.put("coldRate", coldRate);
      json.put("coldRatio", coldRatio);
      json.put("jdbcFloorRate", jdbcFloorRate);
      json.put("p50Ms", p50Ms);
      json.put("p99Ms", p99Ms);
      json.put("floorP50Ms", floorP50Ms);
      json.put("floorP99Ms", floorP99Ms);
      json.put("peakHeapBytes", peakHeapBytes);
      json.put("peakRssBytes", peakRssBytes);
      json.put("coldPeakHeapBytes", coldPeakHeapBytes);
      json.put("coldPeakRssBytes", coldPeakRssBytes);
      json.putAll(extra);
      return Json.of(json);
    }
  }

  private static long peak(List<Report> runs, java.util.function.ToLongFunction<Report> value) {
    return runs.stream().mapToLong(value).max().orElse(-1);
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
