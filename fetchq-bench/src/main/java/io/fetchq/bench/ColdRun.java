package io.fetchq.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One Fetchq run in a fresh JVM, as a service starting up meets it: this program again, with the
 * same JVM options, class path and command line, told to run one variant once on Fetchq's side
 * ({@code --cold-child}). Its run line is read back as this run's report, named {@code fetchq-cold}.
 */
final class ColdRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_LINE = "{\"type\":\"run\"";

  private ColdRun() {}

  static Report run(CommandSpec spec, String variant, int run) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Bench.class.getName());
    command.addAll(spec.root().commandLine().getParseResult().originalArgs());
    command.add("--cold-child");
    command.add(variant);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    process.getOutputStream().close();
    List<String> output = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
      }
    }
    int exit = process.waitFor();
    List<String> runs = output.stream().filter(l -> l.startsWith(RUN_LINE)).toList();
    if (exit != 0 || runs.size() != 1) {
      throw new IllegalStateException("the cold run of " + variant + " in a fresh JVM exited with " + exit
          + " and printed " + runs.size() + " run lines; its output:\n" + String.join("\n", output));
    }
    Report report = read(runs.get(0), run);
    spec.commandLine().getOut().println(report.toJson());
    spec.commandLine().getOut().flush();
    return report;
  }

  @SuppressWarnings("unchecked")
  private static Report read(String line, int run) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>(JSON.readValue(line, Map.class));
    String workload = (String) json.remove("workload");
    String variant = (String) json.remove("variant");
    String backend = (String) json.remove("backend");
    long tasks = ((Number) json.remove("tasks")).longValue();
    double seconds = number(json.remove("seconds"));
    double rate = number(json.remove("rate"));
    double p50 = number(json.remove("p50Ms"));
    double p99 = number(json.remove("p99Ms"));
    long peakHeap = ((Number) json.remove("peakHeapBytes")).longValue();
    long peakRss = ((Number) json.remove("peakRssBytes")).longValue();
    json.keySet().removeAll(List.of("type", "impl", "run"));
    return new Report(workload, variant, backend, "fetchq-cold", run, tasks, seconds, rate, p50, p99, peakHeap,
        peakRss, json);
  }

  private static double number(Object value) {
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }
}
