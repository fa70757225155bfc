package io.fetchq.examples.heroes;

import io.fetchq.Queue;
import io.fetchq.QueueStats;
import io.fetchq.examples.heroes.site.HeroSite;
import java.io.PrintStream;
import java.util.Locale;

/** The live view: one line every few seconds with the queue's counts by status, fetches per second, and the fewest visits. */
final class CrawlProgress {
  private final Queue queue;
  private final HeroSite site;
  private final PrintStream out;
  private final long startNanos;
  private long lastNanos;
  private long lastRequests;

  CrawlProgress(Queue queue, HeroSite site, PrintStream out) {
    this.queue = queue;
    this.site = site;
    this.out = out;
    this.startNanos = System.nanoTime();
    this.lastNanos = startNanos;
  }

  /**
   * Where the crawl stands.
   *
   * @param stats the queue's counters
   * @param fewestVisits the fewest visits of any hero whose profile has not vanished
   * @param vanished profiles vanished so far
   */
  record Snapshot(QueueStats stats, int fewestVisits, int vanished) {
    /** Every hero found, every living one visited {@code visits} times, every vanished one killed. */
    boolean goalReached(int heroes, int visits) {
      return stats.total() == heroes && fewestVisits >= visits && stats.killed() >= vanished;
    }
  }

  /** Takes a snapshot and prints it as one line. */
  Snapshot tick() {
    QueueStats stats = queue.stats();
    long now = System.nanoTime();
    long requests = site.counters().total();
    double perSecond = (requests - lastRequests) / Math.max(1e-3, (now - lastNanos) / 1e9);
    lastNanos = now;
    lastRequests = requests;
    Snapshot snapshot = new Snapshot(stats, fewestVisits(), site.vanishedCount());
    out.println(String.format(Locale.ROOT,
        "%4ds  found %d/%d  planned %d  pending %d  active %d  killed %d  | %.0f fetches/s | fewest visits %d",
        (now - startNanos) / 1_000_000_000L, stats.total(), site.universe().size(), stats.planned(), stats.pending(),
        stats.active(), stats.killed(), perSecond, snapshot.fewestVisits()));
    return snapshot;
  }

  private int fewestVisits() {
    int fewest = Integer.MAX_VALUE;
    for (int hero = 0; hero < site.universe().size(); hero++) {
      if (!site.vanished(hero)) {
        fewest = Math.min(fewest, site.counters().visits(hero));
      }
    }
    return fewest == Integer.MAX_VALUE ? 0 : fewest;
  }
}
