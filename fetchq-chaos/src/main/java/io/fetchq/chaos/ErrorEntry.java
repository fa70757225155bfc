package io.fetchq.chaos;

/**
 * One entry of the queue's error log.
 *
 * @param subject the task
 * @param attempt the attempt it records
 * @param message its message
 */
record ErrorEntry(String subject, int attempt, String message) {}
