package io.fetchq.postgres;

import io.fetchq.spi.Outcome;
import java.util.Comparator;
import java.util.List;

/** The outcomes of a settle, as one array per column for {@code unnest}. */
record SettleBatch(
    int queueId,
    String queue,
    String[] subjects,
    Long[] leases,
    Integer[] kinds,
    String[] payloads,
    Long[] atUs,
    Long[] delayMs,
    String[] messages,
    String[] details) {

  /**
   * The outcomes in subject order, so that the statement locks rows in the same order as every
   * other statement that waits for row locks, and concurrent ones never deadlock.
   */
  static SettleBatch of(int queueId, String queue, List<Outcome> unordered) {
    List<Outcome> outcomes =
        unordered.stream().sorted(Comparator.comparing((Outcome o) -> o.lease().subject())).toList();
    int n = outcomes.size();
    String[] subjects = new String[n];
    Long[] leases = new Long[n];
    Integer[] kinds = new Integer[n];
    String[] payloads = new String[n];
    Long[] atUs = new Long[n];
    Long[] delayMs = new Long[n];
    String[] messages = new String[n];
    String[] details = new String[n];
    for (int i = 0; i < n; i++) {
      Outcome outcome = outcomes.get(i);
      subjects[i] = outcome.lease().subject();
      leases[i] = outcome.lease().token();
      kinds[i] = SqlCodes.kind(outcome.kind());
      payloads[i] = outcome.payload();
      atUs[i] = outcome.at() == null ? null : IncomingTasks.epochMicros(outcome.at());
      delayMs[i] = outcome.delay() == null ? null : outcome.delay().toMillis();
      messages[i] = outcome.message();
      details[i] = outcome.details();
    }
    return new SettleBatch(queueId, queue, subjects, leases, kinds, payloads, atUs, delayMs, messages, details);
  }
}
