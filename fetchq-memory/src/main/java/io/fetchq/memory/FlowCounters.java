package io.fetchq.memory;

/**
 * A queue's flow counters but {@code errors} (which its {@link ErrorLog} counts): they only grow,
 * until the queue is truncated. The status counts are not kept here: they are the sizes of the
 * {@link TaskTable}'s indexes.
 */
final class FlowCounters {
  /** Tasks added by push or upsert. */
  long pushed;
  /** Picks, each the start of a run. */
  long picked;
  /** Runs ended by an outcome other than a release. */
  long processed;
  /** Runs ended by a reschedule. */
  long rescheduled;
  /** Runs ended by a reject. */
  long rejected;
  /** Runs whose lock expired before an outcome. */
  long orphaned;

  /** Back to zero. */
  void reset() {
    pushed = 0;
    picked = 0;
    processed = 0;
    rescheduled = 0;
    rejected = 0;
    orphaned = 0;
  }
}
