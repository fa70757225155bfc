package io.fetchq.spi;

import io.fetchq.Limits;
import io.fetchq.internal.Require;
import java.util.List;

/**
 * Tasks to cancel, and why. A PLANNED or PENDING task is KILLED, or with {@code drop} any task that
 * is not ACTIVE is deleted; an ACTIVE one is marked cancelled: the outcome of its run is refused and
 * the task KILLED when the outcome comes (or its lock expires), never retried. Each task cancelled
 * gets an entry in the error log with the reason.
 *
 * @param queue the queue's name
 * @param subjects 1 to 50,000 subjects
 * @param reason why, for the error log: not blank, at most 8,192 characters
 * @param drop delete the tasks that are not ACTIVE instead of killing the waiting ones
 */
public record CancelRequest(String queue, List<String> subjects, String reason, boolean drop) {
  public CancelRequest {
    Require.queueName("queue", queue);
    subjects = List.copyOf(Require.batch("subjects", subjects));
    subjects.forEach(s -> Require.subject("subjects", s));
    Require.text("reason", reason, Limits.MAX_MESSAGE_LENGTH);
    if (reason.isBlank()) {
      throw new io.fetchq.InvalidArgumentException("reason", "must say why; was blank");
    }
  }
}
