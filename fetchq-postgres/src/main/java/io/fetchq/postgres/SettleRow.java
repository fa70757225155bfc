package io.fetchq.postgres;

/**
 * A row of the settle statement's answer: an outcome refused as stale (with its lease), or an
 * applied rejection or kill whose message goes to the error log (with the attempt it ended).
 */
record SettleRow(String subject, long lease, Integer attempt) {

  /** Whether this row is an applied outcome to log rather than a stale one. */
  boolean toLog() {
    return attempt != null;
  }
}
