package io.fetchq.spi;

/**
 * What one maintenance pass did.
 *
 * @param promoted PLANNED tasks made PENDING
 * @param recovered orphans made PENDING again
 * @param killed orphans KILLED at the threshold
 * @param pruned error log entries deleted
 */
public record MaintenanceResult(int promoted, int recovered, int killed, int pruned) {}
