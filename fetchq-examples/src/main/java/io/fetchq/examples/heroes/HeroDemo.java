package io.fetchq.examples.heroes;

import io.fetchq.NewTask;
import io.fetchq.Queue;
import io.fetchq.TaskError;
import io.fetchq.core.Fetchq;
import io.fetchq.examples.heroes.site.HeroSite;
import io.fetchq.examples.heroes.site.HeroUniverse;
import io.fetchq.examples.heroes.site.SiteBehaviour;
import io.fetchq.examples.support.ExampleDatabase;
import io.fetchq.examples.support.NoDatabaseException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hero crawler demo, the story Fetchq was born from: a slow, flaky website of heroes whose
 * profiles link to each other, crawled by several worker processes against one database. Each hero
 * is added once however many pages link to it, no two workers fetch the same hero at once, every
 * hero is visited again every second day (a day lasts seconds here), and a hero whose profile
 * vanished is killed. The launcher hosts the site, starts the worker processes, prints progress,
 * stops everything, prints the check and exits with 0 only when every check passed.
 *
 * <p>Run it with {@code mvn -B -ntp -q -pl fetchq-examples exec:exec@heroes}; options ({@link
 * DemoOptions}) as {@code KEY=VALUE} arguments or {@code -Ddemo.KEY=VALUE}. The database is
 * {@code FETCHQ_DB_URL} when set, else an embedded PostgreSQL (see {@link ExampleDatabase}).
 */
public final class HeroDemo {
  private final DemoOptions options;
  private final ExampleDatabase db;
  private final PrintStream out;

  /** A demo with these options on {@code db}, talking to {@code out}. */
  public HeroDemo(DemoOptions options, ExampleDatabase db, PrintStream out) {
    this.options = options;
    this.db = db;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, System.getProperties());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try (ExampleDatabase db = ExampleDatabase.open(System.out)) {
      code = new HeroDemo(options, db, System.out).run().passed() ? 0 : 1;
    } catch (NoDatabaseException e) {
      System.err.println(e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  /** Runs the crawl in a fresh schema, which it drops at the end, and returns the report it printed. */
  public CrawlReport run() throws Exception {
    long started = System.nanoTime();
    String schema = ExampleDatabase.freshSchemaName("fetchq_demo");
    HeroUniverse universe = new HeroUniverse(options.heroes(), options.seed(), options.vanish());
    SiteBehaviour behaviour = new SiteBehaviour(options.latency(), options.errors(), options.stalls(), options.stall());
    try (HeroSite site = HeroSite.start(universe, behaviour);
        Fetchq launcher = Fetchq.builder()
            .config(db.config(schema).withPoolSize(2))
            .queue(HeroQueue.NAME, q -> HeroQueue.settings(q, options.gone()))
            .build()) {
      printHeader(site, schema);
      Queue heroes = launcher.queue(HeroQueue.NAME);
      heroes.push(NewTask.of(universe.name(0)).payload("{\"seed\":true}"));
      out.println("pushed the first hero, " + universe.name(0) + "; starting " + options.workers() + " worker processes");
      CrawlReport report;
      try (WorkerProcesses workers = WorkerProcesses.start(options.workers(), workerArguments(site),
          workerEnvironment(schema), out);
          Interruption onCtrlC = Interruption.cleanUp(workers, () -> db.dropSchema(schema))) {
        out.println("workers ready: " + describe(workers) + onCtrlC.hint());
        String ending = crawl(heroes, site);
        int clean = workers.stop(Duration.ofSeconds(20));
        out.printf(Locale.ROOT, "%n%s; workers stopped; %d s in all%n", ending, (System.nanoTime() - started) / 1_000_000_000L);
        report = new CrawlReport(site, TaskCensus.of(db, schema, HeroQueue.NAME), heroes.stats(), workers.processes(),
            clean, options);
      }
      printErrors(heroes.errors(3));
      report.print(out);
      return report;
    } finally {
      db.dropSchema(schema);
    }
  }

  /** Prints progress until the goal is reached or the time is up; says which. */
  private String crawl(Queue heroes, HeroSite site) throws InterruptedException {
    CrawlProgress progress = new CrawlProgress(heroes, site, out);
    long deadline = System.nanoTime() + options.duration().toNanos();
    while (true) {
      Thread.sleep(Math.min(options.every().toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      CrawlProgress.Snapshot snapshot = progress.tick();
      if (snapshot.goalReached(options.heroes(), options.visits())) {
        return "every hero found, every living one visited " + options.visits() + " times, every vanished one killed";
      }
      if (System.nanoTime() >= deadline) {
        return "time is up (" + options.duration().toSeconds() + " s)";
      }
    }
  }

  private void printHeader(HeroSite site, String schema) {
    out.println();
    out.println("Fetchq hero crawler");
    out.println("  database  " + db.description() + ", schema " + schema + " (dropped at the end)");
    out.printf(Locale.ROOT, "  site      %s with %d heroes; pages take ~%d ms; %.0f%% answer 500, %.0f%% hang past"
            + " the %d ms timeout; %.0f%% of profiles vanish after their first visit%n",
        site.uri(), options.heroes(), options.latency().toMillis(), options.errors() * 100, options.stalls() * 100,
        options.timeout().toMillis(), options.vanish() * 100);
    out.printf(Locale.ROOT, "  calendar  each hero is visited every second day, and a day lasts %s%n", human(options.day()));
    out.printf(Locale.ROOT, "  workers   %d processes (separate JVMs) x %d handler threads; a 404 %s%n",
        options.workers(), options.concurrency(),
        options.gone() == DemoOptions.Gone.KILL ? "kills the hero's task at once" : "counts toward 3 attempts");
    out.printf(Locale.ROOT, "  ends      when every hero is found and each living one visited %d times, or after %d s%n%n",
        options.visits(), options.duration().toSeconds());
  }

  private List<String> workerArguments(HeroSite site) {
    List<String> arguments = new ArrayList<>(options.asJvmArguments());
    arguments.add("-Dcrawler.site=" + site.uri());
    return arguments;
  }

  /** The database and schema, plus quiet, quick settings a worker process reads from its environment. */
  private Map<String, String> workerEnvironment(String schema) {
    Map<String, String> env = new LinkedHashMap<>(db.environment(schema));
    env.put("FETCHQ_DB_POOL_SIZE", Integer.toString(Math.min(10, options.concurrency() + 4)));
    env.put("FETCHQ_MAINTENANCE_INTERVAL", "200ms");
    env.put("FETCHQ_WORKER_IDLE_MAX", "500ms");
    env.put("FETCHQ_SHUTDOWN_GRACE", "5s");
    return env;
  }

  private void printErrors(List<TaskError> errors) {
    if (!errors.isEmpty()) {
      out.println();
      out.println("latest entries of the queue's error log (queue.errors(3))");
      errors.forEach(e -> out.printf(Locale.ROOT, "  %s  attempt %d  %s%n", e.subject(), e.attempt(), e.message()));
    }
  }

  private static String describe(WorkerProcesses workers) {
    return workers.processes().stream().map(w -> w.name() + " (pid " + w.pid() + ")").reduce((a, b) -> a + ", " + b)
        .orElse("none");
  }

  private static String human(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }
}
