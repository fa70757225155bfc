package io.fetchq.partitioned;

/**
 * A day partition of the error log.
 *
 * @param name {@code fetchq_perror_<yyyymmdd>}
 * @param detaching whether a concurrent detach of it was interrupted
 * @param expired whether the day ended longer ago than the longest retention of any queue
 */
record ErrorDay(String name, boolean detaching, boolean expired) {}
