package io.fetchq.spi;

import io.fetchq.Limits;
import io.fetchq.internal.Require;
import java.util.EnumSet;
import java.util.Set;

/**
 * One maintenance pass over one queue.
 *
 * @param queue the queue's name
 * @param jobs what to do
 * @param limit the most tasks or errors each job touches in this pass, 1 to 50,000
 */
public record MaintenanceRequest(String queue, Set<Job> jobs, int limit) {

  /** The maintenance jobs. */
  public enum Job {
    /** PLANNED tasks whose due time came become PENDING. */
    PROMOTE,
    /**
     * ACTIVE tasks whose lock expired become PENDING, or KILLED when their attempts reached the
     * queue's maxAttempts; each is logged as an error.
     */
    RECOVER_ORPHANS,
    /** Error log entries older than the queue's retention are deleted. */
    PRUNE_ERRORS,
    /**
     * COMPLETED and KILLED tasks whose last run ended longer ago than the queue's {@code
     * finishedRetention} are deleted, and their subjects are free again. A pass may retire fewer
     * than are due, or more than {@code limit} (a backend may retire a whole partition at once);
     * repeated passes retire them all.
     */
    RETIRE_FINISHED
  }

  public MaintenanceRequest {
    Require.queueName("queue", queue);
    Require.notNull("jobs", jobs);
    jobs = jobs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(jobs));
    Require.range("limit", limit, 1, Limits.MAX_BATCH);
  }

  /** Every job, up to {@code limit} rows each. */
  public static MaintenanceRequest all(String queue, int limit) {
    return new MaintenanceRequest(queue, EnumSet.allOf(Job.class), limit);
  }
}
