package io.fetchq.examples.heroes;

import io.fetchq.QueueStats;
import io.fetchq.examples.heroes.site.HeroSite;
import io.fetchq.examples.heroes.site.HeroUniverse;
import io.fetchq.examples.heroes.site.SiteCounters;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The end of a crawl: the queue's counters, the site's, each worker process's tally, and the check
 * of the four promises that decides the demo's exit code.
 */
public final class CrawlReport {

  /**
   * One line of the check.
   *
   * @param name what is checked
   * @param value what was found
   * @param ok whether it is as promised
   */
  public record Check(String name, String value, boolean ok) {}

  private final QueueStats stats;
  private final SiteCounters site;
  private final List<WorkerProcess> workers;
  private final List<Check> checks = new ArrayList<>();
  private final Map<Integer, Integer> visitHistogram = new TreeMap<>();
  private final long duplicates;
  private final long overlaps;

  CrawlReport(HeroSite site, TaskCensus census, QueueStats stats, List<WorkerProcess> workers, int cleanExits,
      DemoOptions options) {
    this.stats = stats;
    this.site = site.counters();
    this.workers = workers;
    this.duplicates = census.duplicates();
    this.overlaps = this.site.overlaps();
    HeroUniverse universe = site.universe();
    int needed = HeroQueue.notFoundsToKill(options.gone());
    int vanished = 0;
    int dueToDie = 0;
    int vanishedKilled = 0;
    int livingKilled = 0;
    long visitSum = 0;
    int living = 0;
    int fewest = Integer.MAX_VALUE;
    int most = 0;
    for (int hero = 0; hero < universe.size(); hero++) {
      boolean killed = census.killed().contains(universe.name(hero));
      if (site.vanished(hero)) {
        vanished++;
        if (this.site.notFound(hero) >= needed) {
          dueToDie++;
          vanishedKilled += killed ? 1 : 0;
        }
      } else {
        livingKilled += killed ? 1 : 0;
        int visits = this.site.visits(hero);
        visitHistogram.merge(visits, 1, Integer::sum);
        visitSum += visits;
        living++;
        fewest = Math.min(fewest, visits);
        most = Math.max(most, visits);
      }
    }
    long crawling = this.site.byCrawler().values().stream().filter(n -> n > 0).count();
    checks.add(new Check("heroes discovered / on the site", census.distinctSubjects() + " / " + universe.size(),
        census.distinctSubjects() == universe.size()));
    checks.add(new Check("duplicate tasks (rows - distinct subjects)",
        census.rows() + " - " + census.distinctSubjects() + " = " + duplicates, duplicates == 0));
    checks.add(new Check("heroes fetched by two workers at once", Long.toString(overlaps), overlaps == 0));
    checks.add(new Check("vanished heroes killed (" + needed + " x 404)",
        vanishedKilled + " / " + dueToDie + (vanished > dueToDie ? " (" + (vanished - dueToDie) + " not revisited yet)" : ""),
        vanishedKilled == dueToDie));
    checks.add(new Check("living heroes killed", Integer.toString(livingKilled), livingKilled == 0));
    checks.add(new Check("visits per living hero (min / avg / max)",
        living == 0 ? "-" : String.format(Locale.ROOT, "%d / %.1f / %d", fewest, visitSum / (double) living, most),
        living > 0 && fewest >= options.visits()));
    checks.add(new Check("worker processes that crawled", crawling + " / " + workers.size(), crawling == workers.size()));
    checks.add(new Check("worker processes stopped cleanly", cleanExits + " / " + workers.size(),
        cleanExits == workers.size()));
  }

  /** Whether every check passed. */
  public boolean passed() {
    return checks.stream().allMatch(Check::ok);
  }

  /** The checks, in the order printed. */
  public List<Check> checks() {
    return List.copyOf(checks);
  }

  /** Task rows beyond one per subject. */
  public long duplicates() {
    return duplicates;
  }

  /** Requests for a hero that arrived while another for the same hero was served. */
  public long overlaps() {
    return overlaps;
  }

  /** The queue's counters at the end. */
  public QueueStats stats() {
    return stats;
  }

  /** Prints the summary tables and the check. */
  public void print(PrintStream out) {
    out.println();
    out.println("queue \"" + stats.queue() + "\" (queue.stats())");
    out.printf(Locale.ROOT, "  by status   planned %d  pending %d  active %d  completed %d  killed %d  total %d%n",
        stats.planned(), stats.pending(), stats.active(), stats.completed(), stats.killed(), stats.total());
    out.printf(Locale.ROOT, "  flow        pushed %d  picked %d  processed %d  rescheduled %d  rejected %d"
        + "  orphaned %d  errors %d%n", stats.pushed(), stats.picked(), stats.processed(), stats.rescheduled(),
        stats.rejected(), stats.orphaned(), stats.errors());
    out.println("the site");
    out.printf(Locale.ROOT, "  requests %d: profile %d, 404 %d, 500 %d, hung %d; by crawler %s%n", site.total(),
        site.ok(), site.gone(), site.errors(), site.stalls(), site.byCrawler());
    out.println("worker processes (what each reported when it stopped)");
    for (WorkerProcess worker : workers) {
      Map<String, Long> t = worker.tally();
      out.printf(Locale.ROOT, "  %-9s pid %-7d visited %s  gone %s  retried %s  links pushed %s  new heroes %s%n",
          worker.name(), worker.pid(), t.getOrDefault("visited", 0L), t.getOrDefault("gone", 0L),
          t.getOrDefault("failed", 0L), t.getOrDefault("pushed", 0L), t.getOrDefault("added", 0L));
    }
    long pushed = workers.stream().mapToLong(w -> w.tally().getOrDefault("pushed", 0L)).sum();
    long added = workers.stream().mapToLong(w -> w.tally().getOrDefault("added", 0L)).sum();
    out.printf(Locale.ROOT, "  together  %d links pushed, %d heroes added (plus the first one, pushed by the"
        + " launcher): every other push found its hero already there%n", pushed, added);
    out.println("visits per living hero: " + visitHistogram.entrySet().stream()
        .map(e -> e.getKey() + " visits x " + e.getValue()).collect(Collectors.joining(", ")));
    out.println();
    int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(10);
    int valueWidth = checks.stream().mapToInt(c -> c.value().length()).max().orElse(10);
    out.println("check");
    for (Check check : checks) {
      out.printf(Locale.ROOT, "  %-" + width + "s  %-" + valueWidth + "s  %s%n", check.name(), check.value(),
          check.ok() ? "ok" : "FAILED");
    }
    out.println(passed() ? "ALL CHECKS PASSED" : "SOME CHECKS FAILED");
  }
}
