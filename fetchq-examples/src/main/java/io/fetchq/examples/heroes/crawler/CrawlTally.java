package io.fetchq.examples.heroes.crawler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What one crawler process did: runs by how they ended, and the links it pushed versus the heroes that were new. */
public final class CrawlTally {
  final LongAdder visited = new LongAdder();
  final LongAdder gone = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder linksPushed = new LongAdder();
  final LongAdder heroesAdded = new LongAdder();

  /** The tally as {@code key=value} pairs, in a stable order. */
  public Map<String, Long> values() {
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("visited", visited.sum());
    values.put("gone", gone.sum());
    values.put("failed", failed.sum());
    values.put("pushed", linksPushed.sum());
    values.put("added", heroesAdded.sum());
    return values;
  }
}
