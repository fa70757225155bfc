package io.fetchq;

import java.time.Instant;

/**
 * A task as stored: one unit of work, unique by {@code subject} within its queue.
 *
 * @param queue the queue it belongs to
 * @param subject its key, unique within the queue across every status
 * @param payload its JSON document, exactly as pushed or last set
 * @param version the payload's schema version; a picker asks for one version
 * @param priority higher is picked first
 * @param status where it is in its life
 * @param attempts failures since its last success; the pick that starts a run counts one
 * @param iterations how many runs have ended with an outcome
 * @param createdAt when it was first pushed
 * @param lastIteration when its last run ended, or {@code null} before the first
 * @param nextIteration when it is due; while {@link TaskStatus#ACTIVE}, when its lock expires
 * @param lease the token that fences its current run: an outcome applies only with the lease the
 *     pick returned; {@code 0} when the task was never picked; negated when an operator cancelled
 *     the run (see {@link #isCancelled()})
 */
public record Task(
    String queue,
    String subject,
    String payload,
    int version,
    int priority,
    TaskStatus status,
    int attempts,
    int iterations,
    Instant createdAt,
    Instant lastIteration,
    Instant nextIteration,
    long lease) {

  /**
   * Whether an operator cancelled its run while it was ACTIVE: the run's outcome is refused (a
   * negative {@link #lease()} marks it).
   */
  public boolean isCancelled() {
    return lease < 0;
  }

  /** Whether a worker holds it now (its lock may still have expired without maintenance noticing). */
  public boolean isActive() {
    return status == TaskStatus.ACTIVE;
  }
}
