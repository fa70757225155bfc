package io.fetchq.examples.heroes;

import io.fetchq.core.Fetchq;
import io.fetchq.core.FetchqConfig;
import io.fetchq.examples.heroes.crawler.CrawlCalendar;
import io.fetchq.examples.heroes.crawler.CrawlTally;
import io.fetchq.examples.heroes.crawler.HeroCrawler;
import io.fetchq.examples.heroes.crawler.HeroSiteClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * One crawler process, as it would run on its own machine: a Fetchq client configured by its
 * environment ({@code FETCHQ_DB_URL}, {@code FETCHQ_SCHEMA}, ...) with a {@link HeroCrawler} worker
 * on the {@code heroes} queue. The launcher starts several; each prints {@code ready}, crawls until
 * it reads {@code stop} (or its input ends, when the launcher is gone), closes its client
 * gracefully and prints its {@code tally}.
 *
 * <p>System properties: {@code crawler.site} (the site's URL), {@code crawler.name}, and the
 * {@code demo.*} options ({@link DemoOptions}).
 */
public final class HeroWorker {
  private HeroWorker() {}

  public static void main(String[] args) throws IOException {
    DemoOptions options = DemoOptions.parse(new String[0], System.getProperties());
    URI site = URI.create(required("crawler.site"));
    String name = required("crawler.name");
    CrawlTally tally = new CrawlTally();
    HeroCrawler crawler = new HeroCrawler(
        new HeroSiteClient(site, name, options.timeout()), new CrawlCalendar(options.day()),
        name, tally);
    try (Fetchq fetchq = Fetchq.builder()
        .config(FetchqConfig.load())
        .queue(HeroQueue.NAME, q -> HeroQueue.settings(q, options.gone()))
        .worker(HeroQueue.NAME, crawler, w -> HeroQueue.worker(w, options.concurrency()))
        .build()) {
      fetchq.start();
      System.out.println("ready");
      awaitStop();
    }
    System.out.println("tally " + tally.values().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
  }

  private static void awaitStop() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.strip().equals("stop")) {
        return;
      }
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("HeroWorker needs -D" + property + "; the HeroDemo launcher sets it");
    }
    return value;
  }
}
