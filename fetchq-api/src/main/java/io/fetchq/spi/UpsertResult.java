package io.fetchq.spi;

import java.util.List;

/**
 * What an upsert did, subject by subject, in no particular order.
 *
 * @param inserted subjects that were new
 * @param updated subjects that existed and were updated
 * @param skipped subjects that existed but were ACTIVE, so left as they were
 */
public record UpsertResult(List<String> inserted, List<String> updated, List<String> skipped) {
  public UpsertResult {
    inserted = List.copyOf(inserted);
    updated = List.copyOf(updated);
    skipped = List.copyOf(skipped);
  }
}
