package io.fetchq.spi;

import java.util.List;

/**
 * What a push added.
 *
 * @param added the subjects that were new and are now stored, in no particular order
 */
public record PushResult(List<String> added) {
  public PushResult {
    added = List.copyOf(added);
  }

  /** How many tasks were added. */
  public int count() {
    return added.size();
  }
}
