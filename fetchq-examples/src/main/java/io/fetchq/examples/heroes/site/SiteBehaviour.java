package io.fetchq.examples.heroes.site;

import java.time.Duration;

/**
 * How badly the hero site behaves.
 *
 * @param latency the mean time a profile takes to serve; each takes between half and one and a half of it
 * @param errorRate the share of requests answered 500
 * @param stallRate the share of requests that hang for {@code stall} (past the crawler's timeout)
 * @param stall how long a stalled request hangs
 */
public record SiteBehaviour(Duration latency, double errorRate, double stallRate, Duration stall) {
  public SiteBehaviour {
    if (latency.isNegative() || stall.isNegative()) {
      throw new IllegalArgumentException("latency and stall must not be negative");
    }
    if (errorRate < 0 || stallRate < 0 || errorRate + stallRate > 0.5) {
      throw new IllegalArgumentException("errorRate and stallRate must be at least 0 and add up to at most 0.5");
    }
  }
}
