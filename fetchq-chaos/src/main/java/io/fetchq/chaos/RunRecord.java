package io.fetchq.chaos;

import java.util.Optional;

/**
 * One run of the handler as a worker JVM recorded it, one line of its history file.
 *
 * @param subject the task
 * @param lease the lease its pick returned
 * @param attempt the task's attempts at the pick (this run counted)
 * @param iterations the task's iterations at the pick
 * @param seen the lease named by the payload at the pick: the last outcome applied before it
 * @param lockExpiry when the lock of this run expired (the task's next iteration at the pick), epoch µs
 * @param start when the handler started, epoch µs
 * @param end when the handler ended, epoch µs
 * @param outcome what the handler asked for
 */
record RunRecord(
    String subject, long lease, int attempt, int iterations, long seen, long lockExpiry, long start, long end,
    Outcome outcome) {

  /** What a run asked of its task. */
  enum Outcome {
    COMPLETE,
    RESCHEDULE,
    REJECT,
    THROW,
    /** interrupted while it worked (its lock ran out, or its client closed): it throws. */
    INTERRUPTED;

    /** Whether the outcome writes a payload naming the run. */
    boolean writesPayload() {
      return this == COMPLETE || this == RESCHEDULE || this == REJECT;
    }

    boolean failure() {
      return !writesPayload() || this == REJECT;
    }
  }

  /** An instant as epoch microseconds, the unit of every time in a record. */
  static long micros(java.time.Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }

  String line() {
    return String.join("\t", subject, Long.toString(lease), Integer.toString(attempt), Integer.toString(iterations),
        Long.toString(seen), Long.toString(lockExpiry), Long.toString(start), Long.toString(end), outcome.name());
  }

  /** The record on a line; empty when the line is cut short (a worker killed while writing it). */
  static Optional<RunRecord> parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 9) {
      return Optional.empty();
    }
    try {
      return Optional.of(new RunRecord(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
          Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
          Outcome.valueOf(f[8])));
    } catch (IllegalArgumentException cut) {
      return Optional.empty();
    }
  }
}
