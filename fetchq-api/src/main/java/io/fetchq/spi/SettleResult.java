package io.fetchq.spi;

import java.util.List;

/**
 * What a settle did.
 *
 * @param applied how many outcomes took effect
 * @param stale the leases that were no longer current, whose outcomes changed nothing
 */
public record SettleResult(int applied, List<Lease> stale) {
  public SettleResult {
    stale = List.copyOf(stale);
  }
}
