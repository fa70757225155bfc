package io.fetchq.postgres;

/** One entry to write to a queue's error log: the task, the attempt that failed, why. */
record ErrorEntry(String subject, int attempt, String message, String details) {}
