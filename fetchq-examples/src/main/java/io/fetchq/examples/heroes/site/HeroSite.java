package io.fetchq.examples.heroes.site;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A slow, flaky website of hero profiles on a free loopback port: {@code GET /heroes/NAME} answers
 * the profile after some latency, or now and then a 500 or a hang; a mortal hero's profile answers
 * 404 once it was served once. A hero never fails transiently twice in a row, so retries always get
 * through. {@link #counters()} tells what it saw, overlapping requests for one hero above all.
 */
public final class HeroSite implements AutoCloseable {
  private static final String PREFIX = "/heroes/";

  private final HeroUniverse universe;
  private final SiteBehaviour behaviour;
  private final SiteCounters counters;
  /** Per hero: 1 after a transient failure (so the next request succeeds), 2 once vanished. */
  private final AtomicIntegerArray state;
  private final HttpServer server;
  private final ExecutorService threads;

  private HeroSite(HeroUniverse universe, SiteBehaviour behaviour) throws IOException {
    this.universe = universe;
    this.behaviour = behaviour;
    this.counters = new SiteCounters(universe.size());
    this.state = new AtomicIntegerArray(universe.size());
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "hero-site");
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.createContext("/", this::serve);
    server.setExecutor(threads);
  }

  /** Starts the site on a free loopback port. */
  public static HeroSite start(HeroUniverse universe, SiteBehaviour behaviour) throws IOException {
    HeroSite site = new HeroSite(universe, behaviour);
    site.server.start();
    return site;
  }

  /** Where it listens: {@code http://127.0.0.1:PORT/}. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
  }

  /** The universe it serves. */
  public HeroUniverse universe() {
    return universe;
  }

  /** What it saw so far. */
  public SiteCounters counters() {
    return counters;
  }

  /** Whether hero {@code i}'s profile has vanished. */
  public boolean vanished(int hero) {
    return state.get(hero) == 2;
  }

  /** How many profiles have vanished so far. */
  public int vanishedCount() {
    int count = 0;
    for (int i = 0; i < universe.size(); i++) {
      if (state.get(i) == 2) {
        count++;
      }
    }
    return count;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/")) {
        reply(exchange, 200, "<a href=\"" + PREFIX + universe.name(0) + "\">start here</a>\n");
        return;
      }
      int hero = path.startsWith(PREFIX) ? universe.index(path.substring(PREFIX.length())) : -1;
      if (hero < 0) {
        reply(exchange, 404, "no such page\n");
        return;
      }
      String crawler = String.valueOf(exchange.getRequestHeaders().getFirst("X-Crawler"));
      counters.started(hero, crawler);
      int status;
      String body;
      try {
        sleep(latency());
        double roll = ThreadLocalRandom.current().nextDouble();
        if (state.get(hero) == 2) {
          counters.gone(hero);
          status = 404;
          body = "this profile is gone\n";
        } else if (state.get(hero) == 0 && roll < behaviour.errorRate()) {
          state.set(hero, 1);
          counters.failed();
          status = 500;
          body = "the database of heroes is down\n";
        } else if (state.get(hero) == 0 && roll < behaviour.errorRate() + behaviour.stallRate()) {
          state.set(hero, 1);
          counters.stalled();
          sleep(behaviour.stall());
          status = 503;
          body = "sorry, that took too long\n";
        } else {
          state.set(hero, universe.mortal(hero) ? 2 : 0);
          counters.served(hero);
          status = 200;
          body = ProfilePage.of(universe, hero);
        }
      } finally {
        counters.ended(hero);
      }
      reply(exchange, status, body);
    } catch (IOException e) {
      // the crawler gave up waiting and closed the connection: nothing to answer
    }
  }

  private long latency() {
    long mean = behaviour.latency().toMillis();
    return mean == 0 ? 0 : ThreadLocalRandom.current().nextLong(mean / 2, mean + mean / 2 + 1);
  }

  private static void sleep(java.time.Duration duration) {
    sleep(duration.toMillis());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
