package io.fetchq.spi;

import io.fetchq.InvalidArgumentException;
import io.fetchq.internal.Require;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Outcomes to apply to one queue in one round trip.
 *
 * @param queue the queue's name
 * @param outcomes 1 to 50,000 outcomes, at most one per subject
 */
public record SettleRequest(String queue, List<Outcome> outcomes) {
  public SettleRequest {
    Require.queueName("queue", queue);
    outcomes = List.copyOf(Require.batch("outcomes", outcomes));
    Set<String> seen = new HashSet<>();
    for (Outcome outcome : outcomes) {
      if (!seen.add(outcome.lease().subject())) {
        throw new InvalidArgumentException(
            "outcomes", "must hold at most one outcome per subject; \"" + outcome.lease().subject() + "\" appears twice");
      }
    }
  }

  public static SettleRequest of(String queue, Outcome... outcomes) {
    return new SettleRequest(queue, Arrays.asList(Require.notNull("outcomes", outcomes)));
  }
}
