package io.fetchq.postgres;

/** A task a cancel reached: {@code done} is killed, dropped or marked; its attempts, for the error log. */
record CancelRow(String subject, String done, int attempts) {}
