package io.fetchq;

import java.time.Instant;

/**
 * One entry of a queue's error log: a run that failed (a reject, a kill with a message, or an
 * expired lock).
 *
 * @param id increasing within the log; newer entries have larger ids
 * @param queue the queue's name
 * @param subject the task that failed
 * @param attempt the task's attempt count when it failed
 * @param message what went wrong, in one line
 * @param details a JSON document with more (for a thrown exception: its class and stack trace), or
 *     {@code null}
 * @param createdAt when it was written
 */
public record TaskError(
    long id,
    String queue,
    String subject,
    int attempt,
    String message,
    String details,
    Instant createdAt) {}
