package io.fetchq.bench;

import io.fetchq.Queue;
import io.fetchq.core.FetchqConfig;
import io.fetchq.dashboard.DashboardServer;
import io.fetchq.dashboard.FetchqDashboard;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Issue 19, part 5: the dashboard's response times on a large queue. Loads the queue as {@code
 * volume} does ({@link VolumeLoad}: 10,000,000 tasks by default), cancels {@code --killed} of its
 * due tasks through the API so that the KILLED page has rows, starts the dashboard on loopback, and
 * times its requests over HTTP: the overview (counts from the counters, the oldest due task, the
 * charts), the queue, the first KILLED page, a KILLED page {@code --deep} pages in (through the
 * cursors), a subject-prefix search, and one task with its error history. Medians and 95th
 * percentiles of {@code --requests} requests each, after as many unmeasured.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Issue 19: load a large queue and time the dashboard's pages (overview, KILLED page, search, task).")
final class DashboardWorkload implements Callable<Integer> {
  @Mixin Target target;
  @Spec CommandSpec spec;

  @Option(names = "--tasks", defaultValue = "10000000", description = "Tasks loaded (default: ${DEFAULT-VALUE}).")
  long tasks;

  @Option(names = "--killed", defaultValue = "50000",
      description = "Due tasks then cancelled, to fill the KILLED page (default: ${DEFAULT-VALUE}).")
  int killed;

  @Option(names = "--requests", defaultValue = "50", description = "Timed requests per page (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--deep", defaultValue = "100", description = "How many KILLED pages in the deep page is (default: ${DEFAULT-VALUE}).")
  int deep;

  @Option(names = "--backend", defaultValue = "postgres", description = "The backend (default: ${DEFAULT-VALUE}).")
  String backend;

  @Override
  public Integer call() throws Exception {
    if (killed < 1 || killed > tasks / 100 || requests < 1 || deep < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--killed must be between 1 and the due tasks (--tasks / 100), --requests at least 1, --deep at least 0");
    }
    String schema = target.newSchema("dashboard", backend);
    FetchqConfig config = FetchqConfig.load().withStorage(backend).with("fetchq.maintenance.enabled", "false");
    try (Target.Client client = target.open(schema, config, b -> b.queue(Workload.QUEUE))) {
      long start = System.nanoTime();
      try (Connection c = target.connect()) {
        VolumeLoad.of(backend, Workload.QUEUE).load(c, schema, tasks, tasks * 55 / 100, tasks / 2);
      }
      Queue queue = client.fetchq().queue(Workload.QUEUE);
      // the due tasks are vol-0, vol-100, vol-200, ...: cancel the first ones, 1,000 a call
      for (long from = 0; from < killed; from += 1000) {
        List<String> subjects = LongStream.range(from, Math.min(killed, from + 1000)).mapToObj(i -> "vol-" + i * 100).toList();
        queue.cancel(subjects, "cancelled for the dashboard benchmark", false);
      }
      target.vacuumAnalyze(schema);
      note("loaded " + tasks + " tasks and killed " + killed + " in " + Math.round((System.nanoTime() - start) / 1e9) + " s; "
          + queue.stats());

      try (FetchqDashboard dashboard = FetchqDashboard.builder(client.fetchq()).build();
          DashboardServer server = dashboard.start(new InetSocketAddress("127.0.0.1", 0))) {
        HttpClient http = HttpClient.newHttpClient();
        String base = server.url() + "api/";
        String q = "queue=" + Workload.QUEUE;
        String deepCursor = null;
        int reached = 0; // pages followed through the cursors, at most --deep (fewer on a small queue)
        String page = base + "tasks?" + q + "&status=KILLED&limit=50";
        while (reached < deep) {
          String body = get(http, page + (deepCursor == null ? "" : "&after=" + enc(deepCursor)));
          Matcher next = Pattern.compile("\"next\":\"([^\"]+)\"").matcher(body);
          if (!next.find()) {
            break;
          }
          deepCursor = next.group(1);
          reached++;
        }
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", base + "overview");
        pages.put("queue", base + "queue?" + q);
        pages.put("KILLED, first page of 50", page);
        pages.put("KILLED, page " + (reached + 1) + " of 50", deepCursor == null ? page : page + "&after=" + enc(deepCursor));
        pages.put("PLANNED, first page of 50", base + "tasks?" + q + "&status=PLANNED&limit=50");
        pages.put("search by prefix vol-12345", base + "tasks?" + q + "&prefix=vol-12345&limit=50");
        pages.put("error log, 50 newest", base + "errors?" + q + "&limit=50");
        String killedSubject = "vol-" + Math.min(42, Math.max(0, killed - 1)) * 100L; // one the set-up cancelled
        pages.put("task " + killedSubject + " with its errors", base + "task?" + q + "&subject=" + killedSubject);
        PrintWriterTable table = new PrintWriterTable();
        for (Map.Entry<String, String> p : pages.entrySet()) {
          List<Double> millis = new ArrayList<>();
          for (int i = 0; i < requests * 2; i++) {
            long t = System.nanoTime();
            get(http, p.getValue());
            if (i >= requests) {
              millis.add((System.nanoTime() - t) / 1e6);
            }
          }
          millis.sort(null);
          double median = millis.get(millis.size() / 2);
          double p95 = millis.get((int) Math.ceil(millis.size() * 0.95) - 1);
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("type", "result");
          json.put("workload", "dashboard");
          json.put("backend", backend);
          json.put("tasks", tasks);
          json.put("page", p.getKey());
          json.put("medianMs", Math.round(median * 10) / 10.0);
          json.put("p95Ms", Math.round(p95 * 10) / 10.0);
          json.put("requests", requests);
          spec.commandLine().getOut().println(Json.of(json));
          table.add(p.getKey(), median, p95);
        }
        table.print(spec.commandLine().getOut(), backend, tasks);
      }
    } finally {
      try {
        target.dropSchema(schema);
      } catch (Exception e) {
        System.err.println("could not drop schema " + schema + ": " + e.getMessage());
      }
    }
    return 0;
  }

  private void note(String text) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "note");
    json.put("text", text);
    spec.commandLine().getOut().println(Json.of(json));
    spec.commandLine().getOut().flush();
  }

  private static String enc(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** The closing table, in milliseconds. */
  private static final class PrintWriterTable {
    private final List<String> rows = new ArrayList<>();

    void add(String page, double median, double p95) {
      rows.add(String.format(java.util.Locale.ROOT, "| %s | %.1f ms | %.1f ms |", page, median, p95));
    }

    void print(java.io.PrintWriter out, String backend, long tasks) {
      out.println();
      out.println("dashboard on " + backend + ", " + tasks + " tasks");
      out.println("| request | median | p95 |");
      out.println("| --- | ---: | ---: |");
      rows.forEach(out::println);
      out.flush();
    }
  }
}
