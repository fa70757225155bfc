package io.fetchq.chaos;

import java.util.List;

/**
 * How one fault stopped the queue, read from the throughput samples.
 *
 * @param result the fault
 * @param recoveredAfterMillis from the fault's start to the first sample after its end in which runs
 *     ended again; -1 when none did (the queue had drained)
 * @param longestStopMillis the longest time without an ended run from the fault's start until then
 */
record Recovery(FaultResult result, long recoveredAfterMillis, long longestStopMillis) {

  static Recovery of(FaultResult result, List<Sample> samples) {
    Sample before = null;
    Sample atEnd = null;
    for (Sample s : samples) {
      if (s.atMillis() <= result.startMillis()) {
        before = s;
      }
      if (s.atMillis() <= result.endMillis()) {
        atEnd = s;
      }
    }
    long lastProgress = result.startMillis();
    long lastProcessed = before == null ? 0 : before.processed();
    long longest = 0;
    for (Sample s : samples) {
      if (s.atMillis() <= result.startMillis()) {
        continue;
      }
      if (s.processed() > lastProcessed) {
        longest = Math.max(longest, s.atMillis() - lastProgress);
        lastProgress = s.atMillis();
        lastProcessed = s.processed();
        if (s.atMillis() >= result.endMillis() && (atEnd == null || s.processed() > atEnd.processed())) {
          return new Recovery(result, s.atMillis() - result.startMillis(), longest);
        }
      }
    }
    return new Recovery(result, -1, longest);
  }
}
