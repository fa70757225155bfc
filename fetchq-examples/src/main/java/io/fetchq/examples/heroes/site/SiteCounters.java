package io.fetchq.examples.heroes.site;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the hero site saw, per hero and in total. Above all it counts overlapping requests: a
 * request for a hero that arrives while another request for the same hero is being served is an
 * overlap, and Fetchq promises there are none. A hero's request ends when its answer is ready.
 */
public final class SiteCounters {
  private final AtomicIntegerArray inFlight;
  private final AtomicIntegerArray requests;
  private final AtomicIntegerArray visits;
  private final AtomicIntegerArray notFound;
  private final LongAdder overlaps = new LongAdder();
  private final LongAdder total = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder gone = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder stalls = new LongAdder();
  private final Map<String, LongAdder> byCrawler = new ConcurrentHashMap<>();

  SiteCounters(int heroes) {
    inFlight = new AtomicIntegerArray(heroes);
    requests = new AtomicIntegerArray(heroes);
    visits = new AtomicIntegerArray(heroes);
    notFound = new AtomicIntegerArray(heroes);
  }

  void started(int hero, String crawler) {
    total.increment();
    requests.incrementAndGet(hero);
    byCrawler.computeIfAbsent(crawler, c -> new LongAdder()).increment();
    if (inFlight.incrementAndGet(hero) > 1) {
      overlaps.increment();
    }
  }

  void ended(int hero) {
    inFlight.decrementAndGet(hero);
  }

  void served(int hero) {
    ok.increment();
    visits.incrementAndGet(hero);
  }

  void gone(int hero) {
    gone.increment();
    notFound.incrementAndGet(hero);
  }

  void failed() {
    errors.increment();
  }

  void stalled() {
    stalls.increment();
  }

  /** Requests that arrived while another request for the same hero was being served. */
  public long overlaps() {
    return overlaps.sum();
  }

  /** All requests for profiles. */
  public long total() {
    return total.sum();
  }

  /** Requests answered with the profile. */
  public long ok() {
    return ok.sum();
  }

  /** Requests answered 404 (the profile vanished). */
  public long gone() {
    return gone.sum();
  }

  /** Requests answered 500. */
  public long errors() {
    return errors.sum();
  }

  /** Requests that hung past the crawler's patience. */
  public long stalls() {
    return stalls.sum();
  }

  /** How often hero {@code i}'s profile was served: its visits. */
  public int visits(int hero) {
    return visits.get(hero);
  }

  /** How many requests for hero {@code i} were answered 404. */
  public int notFound(int hero) {
    return notFound.get(hero);
  }

  /** How many requests for hero {@code i} arrived in all. */
  public int requests(int hero) {
    return requests.get(hero);
  }

  /** Requests per crawler, by the name each sent in its {@code X-Crawler} header. */
  public Map<String, Long> byCrawler() {
    Map<String, Long> copy = new TreeMap<>();
    byCrawler.forEach((crawler, count) -> copy.put(crawler, count.sum()));
    return copy;
  }
}
