package io.fetchq.spi;

/**
 * What one maintenance pass did.
 *
 * @param promoted PLANNED tasks made PENDING
 * @param recovered orphans made PENDING again
 * @param killed orphans KILLED at the threshold
 * @param pruned error log entries deleted
 * @param retired finished tasks retired
 */
public record MaintenanceResult(int promoted, int recovered, int killed, int pruned, int retired) {

  /** A pass that did nothing. */
  public static final MaintenanceResult NOTHING = new MaintenanceResult(0, 0, 0, 0, 0);
}
